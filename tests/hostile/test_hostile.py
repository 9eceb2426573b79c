"""Every hostile case of cases.py against the real service (`igs-kg serve` on loopback) and the
real command line. A case fails on: a wrong status or exit code, a body that is not one
{"error": ...} for a refusal, more than one line on stderr, a traceback, a server path in what the
client sees, a time or memory limit hit, the service dying, or any contact with the listener that
stands in for the outside world."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cases import command_cases, http_cases  # noqa: E402
from conftest import ROOT, free_port, serve_igs, stop  # noqa: E402

LEAKS = ("Traceback", "File \"/", str(ROOT), "site-packages", ".py\"", "/root/", "/home/")
CLI_SECONDS = 60
CLI_MEMORY = 1536 << 20     # peak resident memory of one command
HTTP_SECONDS = 20


class Listener:
    """A loopback TCP listener that counts every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.contacts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.contacts += 1
            conn.close()


@pytest.fixture(scope="module")
def listener() -> Listener:
    return Listener()


@pytest.fixture(scope="module")
def service():
    url, proc = serve_igs(free_port(), "--timeout", "2", "--worker-memory-mb", "1024")
    yield url, proc
    stop(proc)


def _fill(value, address: str):
    if isinstance(value, str):
        return value.replace("{LISTENER}", address)
    if isinstance(value, dict):
        return {k: _fill(v, address) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, address) for v in value]
    return value


HTTP = http_cases()


@pytest.mark.parametrize("case", HTTP, ids=[c["id"] for c in HTTP])
def test_http(case: dict, service, listener: Listener) -> None:
    url, proc = service
    method, path, kwargs = case["http"]
    kwargs = _fill(dict(kwargs), listener.url)
    before = listener.contacts
    t = time.time()
    # a raw request, so that the client library neither normalises the path nor fixes the body
    with httpx.Client(base_url=url, timeout=HTTP_SECONDS + 10) as client:
        request = client.build_request(method, _fill(path, listener.url), **kwargs)
        response = client.send(request)
    elapsed = time.time() - t
    assert listener.contacts == before, "the service contacted the outside world"
    assert proc.poll() is None, "the service died"
    assert elapsed < HTTP_SECONDS, f"took {elapsed:.1f} s"
    assert response.status_code in case["status"], (response.status_code, response.text[:300])
    text = response.text
    for leak in LEAKS:
        assert leak not in text, f"the answer shows {leak!r}"
    if response.status_code >= 400:
        body = response.json()
        assert list(body) == ["error", "error_text"] and isinstance(body["error"], str) and body["error"]
        assert "\n" not in body["error"]
        if case.get("needle"):
            assert case["needle"] in body["error"], body["error"]
        # the page shows the refusal in its own language: English as it is, and Dutch from the
        # catalogue (igs_kg/error_text.nl.yaml), never the frame kept for a message it lacks
        assert body["error_text"]["en"] == body["error"]
        assert "het verzoek is niet verwerkt (" not in body["error_text"]["nl"], body["error"]


def test_the_service_is_healthy_after_all(service, listener: Listener) -> None:
    url, proc = service
    health = httpx.get(url + "/healthz", timeout=10).json()
    assert health["status"] == "ok"
    assert listener.contacts == 0
    r = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert r.status_code == 200 and r.json()["boolean"] is True
    for pid in health["workers"]["pids"]:  # every worker within its memory cap
        with open(f"/proc/{pid}/status") as f:
            rss_kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        assert rss_kb < 1536 * 1024


# ---------------------------------------------------------------------------- the command line

COMMANDS = command_cases()


def _prepare(case: dict, folder: Path, address: str) -> list[str]:
    for name, content in case.get("write", {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        content = _fill(content, address)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", errors="surrogatepass")
    args = []
    for a in case["cli"]:
        if a.startswith("FIFO:"):
            os.mkfifo(folder / a[5:])
            a = a[5:]
        elif a.startswith("LINK:"):
            _, source, name = a.split(":")
            os.symlink(source, folder / name)
            a = name
        args.append(_fill(a, address))
    return args


def _run(case: dict, folder: Path, address: str) -> dict:
    args = _prepare(case, folder, address)

    def limits() -> None:  # a runaway command is stopped by the kernel rather than the machine
        resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))

    t = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "igs_kg.cli", *args], cwd=folder, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, preexec_fn=limits)
    timer = threading.Timer(CLI_SECONDS, proc.kill)
    timer.start()
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"exit": proc.returncode, "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace"),
            "seconds": time.time() - t, "maxrss": usage.ru_maxrss * 1024}


@pytest.fixture(scope="module")
def command_results(tmp_path_factory, listener: Listener) -> dict[str, dict]:
    """Run every command case up front, four at a time (each is a whole process). The scratch
    folders are made here first: pytest's tmp_path_factory is not safe to call from threads."""
    folders = {case["id"]: tmp_path_factory.mktemp("case") for case in COMMANDS}

    def one(case: dict) -> tuple[str, dict]:
        return case["id"], _run(case, folders[case["id"]], listener.url)

    with ThreadPoolExecutor(4) as pool:
        return dict(pool.map(one, COMMANDS))


@pytest.mark.parametrize("case", COMMANDS, ids=[c["id"] for c in COMMANDS])
def test_command(case: dict, command_results: dict[str, dict], listener: Listener) -> None:
    result = command_results[case["id"]]
    assert listener.contacts == 0, "a command contacted the outside world"
    assert result["seconds"] < CLI_SECONDS, "took too long (killed)"
    assert result["maxrss"] < CLI_MEMORY, f"used {result['maxrss'] >> 20} MiB"
    assert result["exit"] == case["exit"], (result["exit"], result["stderr"][-500:])
    for leak in ("Traceback", "File \""):
        assert leak not in result["stderr"] and leak not in result["stdout"]
    if case["exit"] == 2:
        lines = result["stderr"].splitlines()
        assert len(lines) == 1 and lines[0].startswith("igs-kg: error: "), result["stderr"]
        if case.get("needle"):
            assert case["needle"] in lines[0], lines[0]


def test_there_are_enough_cases() -> None:
    assert len(HTTP) + len(COMMANDS) >= 400
    assert len({c["id"] for c in HTTP + COMMANDS}) == len(HTTP) + len(COMMANDS), "case ids are unique"


def test_listener_really_counts(listener: Listener) -> None:
    """The listener would see a contact (so a zero above means something)."""
    before = listener.contacts
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    time.sleep(0.2)
    assert listener.contacts == before + 1
    listener.contacts = before
