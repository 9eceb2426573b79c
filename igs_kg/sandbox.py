"""What the engine itself is allowed to do, whatever a query or a file says.

- No network: pyoxigraph evaluates SPARQL SERVICE by calling the address it names. The query check
  (query_guard) refuses SERVICE on a parse of the query; here, as a second wall, a process that
  runs queries can move into a network namespace of its own, with no interface but a loopback that
  is down, so that even a query the check missed cannot reach anything (Linux; elsewhere the check
  alone holds).
- A bounded address space for a worker, so that a query or input that grows without end ends its
  worker (which the pool replaces) instead of the machine.
- A large stack for the parsers: pyoxigraph's SPARQL, Turtle and JSON-LD parsers recurse, and
  deep nesting overflows the 8 MB main stack with a segmentation fault; run on a thread with a
  1 GiB stack (reserved, not used), the deepest nesting an input of bounded size can hold parses.
"""

from __future__ import annotations

import os
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

STACK_BYTES = 1 << 30
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def isolate_network() -> bool:
    """Move this process into a fresh network namespace. True when done (then no socket can reach
    any address but a loopback that is down); False where the system does not allow it."""
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/ns/net"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return False
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):  # as root; else in a user namespace
        if libc.unshare(flags) == 0:
            return True
    return False


def limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at what it uses now plus `extra_bytes`."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = used + extra_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, OSError, ValueError):
        pass


def on_big_stack(fn: Callable[..., T], *args) -> T:
    """Run fn(*args) on a thread with a 1 GiB stack and return its result (or raise its error)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    old = threading.stack_size()
    threading.stack_size(STACK_BYTES)
    try:
        t = threading.Thread(target=run, daemon=True)
        t.start()
    finally:
        threading.stack_size(old)
    t.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
