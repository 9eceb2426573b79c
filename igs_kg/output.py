"""Writing a file the user named (`draft -o`): never through a symbolic link, never into a pipe,
device or directory, never over an existing file without --force, and never half: the data goes
to a temporary file beside the target, which then replaces it, so a full disk leaves no broken
draft. Every failure is one clear InputError (exit 2), never a traceback."""

from __future__ import annotations

import os
import stat
import tempfile

from .errors import InputError


def write_file(path: str, data: bytes, force: bool = False) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):  # a dangling link does not "exist", but writing would follow it
            raise InputError("is a symbolic link; igs-kg does not write through one (give the real path)", path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("is not a regular file (a directory, pipe or device is not written)", path)
        if not force:
            raise InputError(f"{path} exists; give --force to overwrite it")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".igs-kg-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
