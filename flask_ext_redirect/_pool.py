"""Run one job per file: serially for a few files, else in a process pool.

``migrate`` and the scanner behind ``doctor PATH`` both run this way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

#: Below this many files that need parsing, worker start-up costs more
#: than it saves.
SERIAL_LIMIT = 24


def cpu_count() -> int:
    """Cores this process may run on."""
    if hasattr(os, "process_cpu_count"):  # 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover


def map_files(
    paths: Sequence[str], job: Callable[[str], T], jobs: int, max_chunk: int
) -> Iterator[T]:
    """``job(path)`` for each path, in order: serially for a few files, else
    in worker processes (``jobs``: how many, 0 for one per core), handed
    at most ``max_chunk`` paths at a time."""
    jobs = jobs or cpu_count()
    if jobs <= 1 or len(paths) < SERIAL_LIMIT:
        for path in paths:
            yield job(path)
        return
    # Imported here: they cost more start-up than the serial run they skip.
    import concurrent.futures
    import multiprocessing

    jobs = min(jobs, len(paths))
    context = (
        multiprocessing.get_context("fork")
        if sys.platform.startswith("linux")
        else None
    )
    chunk = max(1, min(max_chunk, len(paths) // (jobs * 4)))
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        yield from pool.map(job, paths, chunksize=chunk)
