"""The errors the tool reports to people: one clear line, never a traceback."""

from __future__ import annotations


class IgsError(Exception):
    """An error with a message meant for the user."""

    exit_code = 2


class InputError(IgsError):
    """Input that cannot be read: names the file, the line where known, and what is wrong."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        self.file = file
        self.line = line
        self.detail = message
        self.more: list[InputError] = []  # the other errors of the same file, each with its line
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        super().__init__(f"{where}{message}")


class KnowledgeError(IgsError):
    """The knowledge files themselves are broken (a knowledge engineer's error)."""
