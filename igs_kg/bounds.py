"""Bounds on every input before it is parsed: size, nesting depth, YAML alias expansion, regular
files only, no NUL bytes. A parser that recurses (pyoxigraph's JSON-LD and SPARQL parsers, PyYAML's
composer, Python's json) can be driven off its stack by deep nesting, and an alias bomb turns
500 bytes into gigabytes; these checks run first, in linear time, and refuse with one clear line."""

from __future__ import annotations

import os
import stat

from .errors import InputError

MAX_INPUT_BYTES = 1_000_000     # a situation or proposal: real ones are a few kB
MAX_QUERY_BYTES = 256_000       # a SPARQL query; its parser runs on a stack sized for this (see sandbox)
MAX_DEPTH = 64                  # nesting of mappings, lists, blank nodes, collections
MAX_YAML_NODES = 20_000         # nodes of a YAML document once its aliases are expanded


def _limit(name: str, default: int) -> int:
    raw = os.environ.get(name)
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


def max_input_bytes() -> int:
    return _limit("IGS_KG_MAX_INPUT_BYTES", MAX_INPUT_BYTES)


def read_input_file(path: str, limit: int | None = None) -> str:
    """The text of a regular file of at most `limit` (default max_input_bytes()) bytes, as UTF-8."""
    data = read_input_bytes(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", path, line) from None


def read_input_bytes(path: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` (default max_input_bytes()) bytes. A FIFO, a device
    (/dev/zero) or a directory is refused without reading it; the file is opened non-blocking so
    that a FIFO swapped in after the check cannot hang the read either."""
    limit = max_input_bytes() if limit is None else min(limit, max_input_bytes())
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory, not a file", path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (a device, pipe or socket is not read)", path)
        if info.st_size > limit:
            raise InputError(f"the file is {info.st_size:,} bytes; at most {limit:,} are read", path)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # a file that grows, or lies about its size (/proc)
                raise InputError(f"the file is larger than {limit:,} bytes", path)
            chunks.append(chunk)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def check_text(text: str, file: str, limit: int | None = None) -> None:
    """Size and characters of any text input: no NUL byte (binary data), no lone surrogate (a
    JSON escape such as \\ud800 that no UTF-8 text can hold)."""
    limit = max_input_bytes() if limit is None else limit
    if len(text) > limit:
        raise InputError(f"the input is {len(text):,} characters; at most {limit:,} are read", file)
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError("contains a NUL byte: not a text file", file, text.count("\n", 0, nul) + 1)


def check_values(data, file: str) -> None:
    """Decoded values (after JSON or YAML escapes are undone), keys included: no NUL character,
    no lone surrogate (an escape such as \\ud800 that no UTF-8 text can hold)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                raise InputError("contains a NUL character (\\u0000)", file)
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError("contains a lone surrogate (an escape such as \\ud800 that is not a character)",
                                 file) from None


def _too_deep(file: str, text: str, at: int, limit: int):
    return InputError(f"nested more than {limit} levels deep", file, text.count("\n", 0, at) + 1)


def _check_depth(text: str, file: str, limit: int, turtle: bool) -> None:
    """One scan for both syntaxes: count brackets outside strings (and, in Turtle, outside comments
    and IRIs; Turtle has no '<' operator, so an IRI is always '<' ... '>')."""
    opening, closing = ("[({", "])}") if turtle else ("[{", "]}")
    quotes = "\"'" if turtle else '"'
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if turtle and c in "#<":
            j = text.find("\n" if c == "#" else ">", i)
            i = n if j < 0 else j
        elif c in quotes:
            quote = c * 3 if turtle and text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote) - 1
        elif c in opening:
            depth += 1
            if depth > limit:
                raise _too_deep(file, text, i, limit)
        elif c in closing:
            depth -= 1
        i += 1


def check_json_depth(text: str, file: str, limit: int = MAX_DEPTH) -> None:
    """JSON (and JSON-LD) nesting, exactly: brackets outside strings."""
    _check_depth(text, file, limit, turtle=False)


def check_turtle_depth(text: str, file: str, limit: int = MAX_DEPTH) -> None:
    """Turtle nesting ([ ] blank nodes, ( ) collections, {| |} annotations)."""
    _check_depth(text, file, limit, turtle=True)


def check_yaml_nodes(node, file: str, max_nodes: int = MAX_YAML_NODES, max_depth: int = MAX_DEPTH) -> None:
    """The size of a composed YAML document with its aliases expanded, and its depth, without
    expanding anything: an alias is a shared node, so sizes are summed once per node (a billion
    laughs of 500 bytes is refused here, before anything walks it)."""
    import yaml

    size: dict[int, int] = {}
    stack = [(node, 1, False)]
    while stack:
        n, depth, done = stack.pop()
        if depth > max_depth:
            raise InputError(f"nested more than {max_depth} levels deep", file, n.start_mark.line + 1)
        if id(n) in size:
            continue
        children = ([c for kv in n.value for c in kv] if isinstance(n, yaml.MappingNode)
                    else list(n.value) if isinstance(n, yaml.SequenceNode) else [])
        if done or not children:
            total = 1 + sum(size[id(c)] for c in children)
            if total > max_nodes:
                raise InputError(f"the document has more than {max_nodes:,} values once its aliases (*) are "
                                 "expanded", file, n.start_mark.line + 1)
            size[id(n)] = total
            continue
        stack.append((n, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in size)
