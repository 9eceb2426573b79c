"""The JSON cache of what the engine derives from the knowledge files once and every process
needs: the compiled rules, the register, the vocabulary. An entry is named by a hash of the
files it was derived from and of the code that derived it, so an edit or a new engine never reads
an old one; a cache that cannot be read or written is rebuilt, never an error."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, TypeVar

from . import paths

T = TypeVar("T")


def cache_dir() -> Path:
    base = os.environ.get("IGS_KG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "igs-kg")
    return Path(base)


def fingerprint(files: list[Path], code: list[Path], version: str) -> str:
    h = hashlib.sha256(version.encode())
    for module in code:  # the deriving code is part of the key
        h.update(module.read_bytes())
    for f in files:
        h.update(paths.relative(f).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:24]


def read(path: Path) -> Any | None:
    """The entry's data, or None when it is missing or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(path: Path, data: Any) -> None:
    """Written whole or not at all (a temporary file, then renamed); no writable cache is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(tmp, path)
    except OSError:
        pass


def of_knowledge(kind: str, code: str, build: Callable[[], T], to_json: Callable[[T], Any],
                 from_json: Callable[[Any], T]) -> T:
    """What `build` derives from the knowledge files, from the cache when it holds it. Not cached
    when the knowledge comes from a store (no files to key it on)."""
    from . import __version__

    if os.environ.get("IGS_KG_STORE"):
        return build()
    try:
        path = cache_dir() / f"{kind}-{fingerprint(paths.knowledge_files(), [Path(code)], __version__)}.json"
    except OSError:
        return build()
    data = read(path)
    if data is not None:
        try:
            return from_json(data)
        except (KeyError, TypeError, ValueError):
            pass  # stale or damaged: built again
    value = build()
    write(path, to_json(value))
    return value
