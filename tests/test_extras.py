"""The core runs without the extras, and a command that needs a missing extra names it in one
line (exit 2): the packages of an extra are hidden from a fresh interpreter, as if not installed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

HIDE = ("import sys\nfor m in {mods!r}: sys.modules[m] = None\n"
        "from igs_kg.cli import main\nsys.argv = ['igs-kg'] + {args!r}\nmain()\n")
ALL = ("fastapi", "uvicorn", "httpx", "owlready2", "pyshacl", "docx", "odf")
SITUATION = str(ROOT / "examples" / "situations" / "bar-organisatie.yaml")


def run(args: list[str], mods=ALL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", HIDE.format(mods=mods, args=args)], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("args", [["advise", SITUATION, "--format", "json"], ["validate", SITUATION],
                                  ["draft", SITUATION], ["explain", SITUATION], ["check", "--step", "quality"]])
def test_the_core_runs_without_any_extra(args: list[str]) -> None:
    r = run(args)
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("args,extra", [(["serve"], "server"), (["draft", SITUATION, "--format", "docx", "-o", "/tmp/igs-x.docx"], "draft"),
                                        (["validate", SITUATION, "--engine", "pyshacl"], "reason")])
def test_a_command_names_the_extra_it_needs(args: list[str], extra: str) -> None:
    r = run(args)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    assert f"pip install 'igs-kg[{extra}]'" in r.stderr


def test_check_without_the_reasoner_says_so_and_goes_on() -> None:
    r = run(["check", "--step", "reason"])
    assert r.returncode == 0 and "igs-kg[reason]" in r.stdout
