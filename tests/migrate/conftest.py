"""Fixtures for the codemod tests."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from pathlib import Path

import pytest

from flask_ext_redirect._migrate import _targets
from flask_ext_redirect._migrate import Targets

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture
def new_names() -> Targets:
    """Targets that always choose ``flask_<name>`` (``--target flask_``)."""
    return Targets("flask_")


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Targets]:
    """Pretend some candidates are installed: ``installed(foo="flask_foo",
    bar="flaskext.bar")``; unnamed extensions are not installed."""

    def make(**found: str) -> Targets:
        monkeypatch.setattr(_targets, "locate", lambda ext: found.get(ext))
        return Targets("auto")

    return make


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Callable[[Mapping[str, str | bytes]], Path]]:
    """Write ``{relative path: content}`` under a fresh folder."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "project"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_bytes(content.encode("utf-8"))
            else:
                path.write_bytes(content)
        return root

    yield make
