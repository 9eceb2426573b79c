"""The optional parts of igs-kg and the packages they need (pyproject.toml's extras), so that a
command that needs one it lacks says which extra to install, in one line, instead of a traceback.

  server  `igs-kg serve`                         fastapi, uvicorn, httpx
  reason  HermiT in `check`, `validate --engine pyshacl`, SHACL-for-SHACL   owlready2, pyshacl
  draft   `igs-kg draft --format docx|odt`       python-docx, odfpy
"""

from __future__ import annotations

import importlib

from .errors import IgsError

MODULES = {"server": ("fastapi", "uvicorn", "httpx"), "reason": ("owlready2", "pyshacl"), "draft": ("docx", "odf")}


class MissingExtra(IgsError):
    exit_code = 2


def missing(extra: str) -> list[str]:
    """The modules of an extra that cannot be imported here."""
    out = []
    for name in MODULES[extra]:
        try:
            importlib.import_module(name)
        except ImportError:
            out.append(name)
    return out


def need(extra: str, what: str) -> None:
    """Raise a one-line error naming the extra when `what` cannot run without it."""
    lacking = missing(extra)
    if lacking:
        verb = "is" if len(lacking) == 1 else "are"
        raise MissingExtra(f"{what} needs the '{extra}' extra ({', '.join(lacking)} {verb} not installed): "
                           f"pip install 'igs-kg[{extra}]'")
