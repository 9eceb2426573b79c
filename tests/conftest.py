from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from igs_kg import store

ROOT = Path(__file__).resolve().parent.parent


def igs(*args: str, input_text: str | None = None, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command line as a user runs it: `igs-kg ARGS`, its output captured as text."""
    return subprocess.run([sys.executable, "-m", "igs_kg.cli", *args], capture_output=True, text=True,
                          input=input_text, cwd=cwd, env=env)


@pytest.fixture(scope="session")
def kg() -> store.KnowledgeGraph:
    return store.load()


def iri(local: str) -> str:
    return "https://w3id.org/igs-kg/def#" + local


# ---------------------------------------------------------------------------- a server for a test

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], url: str, env: dict | None = None, ready: str = "/healthz") -> subprocess.Popen:
    import httpx

    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode())
        try:
            if httpx.get(url + ready, timeout=1).status_code < 500:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def serve_igs(port: int, *options: str) -> tuple[str, subprocess.Popen]:
    """`igs-kg serve` on loopback with these options, ready for requests."""
    url = f"http://127.0.0.1:{port}"
    return url, start([sys.executable, "-m", "igs_kg.cli", "serve", "--port", str(port), *options], url)


# ---------------------------------------------------------------------------- Debian's Chromium, for the page

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # no calls out of a closed network


def launch_chromium(playwright):
    """Debian's Chromium under Playwright, headless, with nothing that reaches out."""
    import shutil

    return playwright.chromium.launch(executable_path=shutil.which("chromium") or shutil.which("chromium-browser"),
                                      args=CHROMIUM_ARGS)


def fill_three_colleges(page) -> None:
    """On the page: the thesis' three colleges (Barendrecht, Albrandswaard, Ridderkerk) sharing operations."""
    page.fill("#participants", "Barendrecht, Albrandswaard, Ridderkerk")
    page.check("input[name=bodies][value=college]")
    page.check("input[name=tasks][value=bedrijfsvoering]")


@pytest.fixture()
def workcopy(tmp_path: Path) -> Path:
    """A knowledge engineer's working copy of the knowledge, outside the repository (IGS_KG_HOME)."""
    import shutil

    home = tmp_path / "work"
    home.mkdir()
    for d in ("ontology", "rules", "queries", "checks"):
        shutil.copytree(ROOT / d, home / d)
    (home / "tests").mkdir()
    shutil.copytree(ROOT / "tests" / "cases", home / "tests" / "cases")
    return home
