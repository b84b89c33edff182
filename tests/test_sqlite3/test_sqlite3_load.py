"""Load: 400 requests from 8 threads against a threaded werkzeug server.

The full 10,000 requests run in benchmarks/bench_sqlite3_load.py, which
holds the app, the request mix and the checks used here.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARK = Path(__file__).parents[2] / "benchmarks" / "bench_sqlite3_load.py"


@pytest.fixture(scope="module")
def load() -> Iterator[ModuleType]:
    """The benchmark script, imported as a module."""
    spec = importlib.util.spec_from_file_location("bench_sqlite3_load", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses looks its module up in sys.modules.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.mark.parametrize("views", ["sync", "sync+async"])
@pytest.mark.parametrize("database", ["memory", "file", "wal"])
def test_load_leaves_nothing_open_and_loses_no_commit(
    load: ModuleType, database: str, views: str
) -> None:
    """8 threads of reads, writes, read-then-write transactions, raising and
    forgetful views, sync and async: every connection closed, every committed
    write stored, no uncommitted one, no "database is locked".
    """
    with_async = views == "sync+async"
    if with_async and not load.async_views_available():
        pytest.skip("async views need Flask 2.0+ and asgiref")
    result = load.run_load(400, threads=8, database=database, with_async=with_async)
    if with_async:
        assert result.statuses["raise 500"] == 20
        assert result.statuses["async-raise 500"] == 20
        assert result.statuses["async-write 200"] == 60
    else:
        assert result.statuses["raise 500"] == 40
    assert result.opened == 400
    assert result.left_open == 0
    assert result.committed_missing == 0
    assert result.uncommitted_present == 0
    assert result.unexpected == []
    assert result.ok
