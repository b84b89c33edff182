"""The progress bar shows on terminals only, and erases itself."""

from __future__ import annotations

import io
import types

import pytest

from flask_ext_redirect._migrate import _report


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a quarter second it draws, then clears the line at the end."""
    clock = iter([0.0, 1.0, 1.05, 2.0])
    monkeypatch.setattr(
        _report, "time", types.SimpleNamespace(monotonic=lambda: next(clock))
    )
    stream = _Terminal()
    bar = _report.Progress(stream, enabled=True)
    bar.update(total=10)  # t=1.0: drawn
    bar.update(done=5)  # t=1.05: too soon to redraw
    bar.update(done=5)  # t=2.0: drawn
    bar.close()
    out = stream.getvalue()
    assert "\r[" in out and "10/10 files" in out
    assert "5/10" not in out
    assert out.endswith("\r\033[K")


def test_no_bar_when_piped() -> None:
    """Not a terminal: not a single byte."""
    stream = io.StringIO()
    bar = _report.Progress(stream, enabled=True)
    for _ in range(1000):
        bar.update(total=1, done=1)
    bar.close()
    assert stream.getvalue() == ""
