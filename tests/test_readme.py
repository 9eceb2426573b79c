"""The commands in the README are run here, so the README cannot drift from the tool."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, igs


def readme_commands() -> list[tuple[str, int]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.strip()
            if not line.startswith("igs-kg "):
                continue
            m = re.search(r"#\s*exit (\d+)", line)
            command = line.split("#", 1)[0].strip()
            out.append((command, int(m.group(1)) if m else 0))
    return out


COMMANDS = readme_commands()


def test_the_readme_has_commands() -> None:
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize("command,code", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_readme_command(command: str, code: int, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    args = shlex.split(command)[1:]
    env = {k: v for k, v in os.environ.items() if k != "IGS_KG_HOME"}
    r = igs(*args, cwd=tmp_path, env=env)
    assert r.returncode == code, (command, r.stdout[-1500:], r.stderr[-1500:])
    assert "Traceback" not in r.stderr
