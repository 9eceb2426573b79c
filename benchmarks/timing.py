"""One way to time a warm call in-process, shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def warm_times(call: Callable[[], object], runs: int) -> list[float]:
    """Seconds per call, sorted, after one call that warms caches."""
    call()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return sorted(times)


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def percentile_ms(times: list[float], p: float) -> float:
    """The p-th fraction of sorted times, in ms (p=0.99: the 99th percentile)."""
    return times[max(0, int(len(times) * p) - 1)] * 1000
