"""Several inputs at once (docs/contract.md#several-inputs-at-once): the files and folders given,
one outcome per file in order, a file that cannot be read reported on its own line while the
others still run, a progress bar on a terminal, and both cores for a large batch.

Every file goes through exactly the path a single file takes (read, reason, report): a batch is
never a different engine, only the same one run many times with the knowledge loaded once."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".ttl", ".jsonld")
# Below this many files a second process costs more (start, copy-on-write faults) than it saves;
# IGS_KG_PARALLEL_FROM sets another threshold (the tests use it to run the two-process path).
PARALLEL_FROM = int(os.environ.get("IGS_KG_PARALLEL_FROM") or 48)


@dataclass
class Outcome:
    """What one input gave: its exit code and its output (a JSON object, or text)."""
    file: str
    code: int
    data: dict | None = None
    text: str = ""
    error: str | None = None

    def as_json(self) -> dict:
        if self.error is not None:
            return {"file": self.file, "error": self.error}
        return {"file": self.file, **(self.data or {})}


def expand(args: Iterable[str]) -> list[tuple[str, str | None]]:
    """The inputs named: a file as given, a folder as every input file in it and below (sorted,
    hidden ones left out). A folder with none is an error of its own."""
    out: list[tuple[str, str | None]] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*")
                           if f.suffix.lower() in INPUT_SUFFIXES and f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if found:
                out.extend((f, None) for f in found)
            else:
                out.append((arg, "a folder with no .yaml, .yml, .json, .ttl or .jsonld file in it"))
        else:
            out.append((arg, None))
    return out


# ---------------------------------------------------------------------------- running

_JOB: Callable[[str], object] | None = None


def _run_job(path: str) -> object:
    assert _JOB is not None
    return _JOB(path)


def ordered_map(job: Callable[[str], T], items: list[str], warm: Callable[[], None],
                advance: Callable[[], None] = lambda: None) -> Iterator[T]:
    """job(item) for every item, in order. From PARALLEL_FROM items on, two processes share them,
    forked after `warm` has loaded the knowledge, so that both read it as loaded."""
    global _JOB
    warm()
    workers = min(2, os.cpu_count() or 1) if len(items) >= PARALLEL_FROM else 1
    if workers < 2 or not _can_fork():
        for item in items:
            yield job(item)
            advance()
        return
    import multiprocessing

    _JOB = job
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        for result in pool.imap(_run_job, items, chunksize=8):
            yield result  # type: ignore[misc]
            advance()
    finally:
        pool.terminate()
        _JOB = None


def run(paths: list[tuple[str, str | None]], job: Callable[[str], T], warm: Callable[[], None],
        progress: bool, refused: Callable[[str, str], T]) -> Iterator[T]:
    """Run `job` on every readable path and yield what it gives in the order of `paths`, and
    refused(path, error) for a path that `expand` refused; a progress bar when asked."""
    global _ACTIVE
    bar = progress_bar(len(paths)) if progress else None
    advance = (lambda: bar[0].advance(bar[1])) if bar is not None else (lambda: None)
    _ACTIVE = bar[0] if bar is not None else None
    try:
        results = ordered_map(job, [p for p, err in paths if err is None], warm, advance)
        for path, err in paths:
            if err is not None:
                advance()
                yield refused(path, err)
            else:
                yield next(results)
    finally:
        _ACTIVE = None
        if bar is not None:
            bar[0].stop()


_ACTIVE = None  # the progress bar being drawn, if any


def error_line(text: str) -> None:
    """A line on stderr that the progress bar does not draw over: printed above the bar while it
    runs (rich keeps it there), else plainly."""
    if _ACTIVE is not None:
        _ACTIVE.console.print(text, markup=False, highlight=False, soft_wrap=True)
    else:
        print(text, file=sys.stderr, flush=True)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def progress_bar(total: int):
    """A rich progress bar on stderr, started: (bar, task); advance it, then stop it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("igs-kg", total=total)
    bar.start()
    return bar, task


def show_progress(count: int) -> bool:
    """A bar only for several inputs and only when stderr is a terminal."""
    return count > 1 and sys.stderr.isatty()


# ---------------------------------------------------------------------------- writing

def write(outcomes: Iterable[Outcome], fmt: str, echo: Callable[[str], None], err: Callable[[str], None],
          single: bool) -> int:
    """Write the outcomes as jsonl (one object a line), json (one array) or text (each under a
    '==> file <==' line); errors also go to stderr in one line. Returns the highest exit code."""
    code = 0
    array: list[dict] = []
    for o in outcomes:
        code = max(code, o.code)
        if o.error is not None:
            err(f"igs-kg: error: {o.error if o.error.startswith(o.file) else f'{o.file}: {o.error}'}")
        if fmt == "jsonl":
            echo(json.dumps(o.as_json(), ensure_ascii=False))
        elif fmt == "json":
            array.append(o.as_json())
        elif o.error is None:
            echo(o.text if single else f"==> {o.file} <==\n{o.text}")
    if fmt == "json":
        echo(json.dumps(array, ensure_ascii=False, indent=2))
    return code
