"""The guestbook in examples/, driven through its pages."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from flask.testing import FlaskClient

import flask_ext_redirect
import flask_sqlite3
from flask_ext_redirect import FlaskExtDeprecationWarning

EXAMPLES = Path(__file__).parents[2] / "examples"


def forget(*names: str) -> None:
    for name in names:
        sys.modules.pop(name, None)


@pytest.fixture
def guestbook() -> Iterator[ModuleType]:
    """The example package, imported fresh with the redirect installed."""
    was_installed = flask_ext_redirect.is_installed()
    flask_ext_redirect.install()
    sys.path.insert(0, str(EXAMPLES))
    forget("guestbook", "flask.ext.sqlite3")
    try:
        with pytest.warns(FlaskExtDeprecationWarning, match="flask_sqlite3"):
            import guestbook  # type: ignore[import-not-found]
        yield guestbook
    finally:
        sys.path.remove(str(EXAMPLES))
        forget("guestbook", "flask.ext.sqlite3")
        if not was_installed:
            flask_ext_redirect.uninstall()


@pytest.fixture
def app(guestbook: ModuleType, tmp_path: Path) -> Flask:
    app: Flask = guestbook.create_app(
        {"TESTING": True, "SQLITE3_DATABASE": str(tmp_path / "guestbook.sqlite")}
    )
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_uses_the_extension_through_flask_ext(guestbook: ModuleType) -> None:
    assert type(guestbook.db) is flask_sqlite3.SQLite3


def test_first_start_creates_the_schema_later_starts_keep_entries(
    guestbook: ModuleType, tmp_path: Path
) -> None:
    config = {"TESTING": True, "SQLITE3_DATABASE": str(tmp_path / "gb.sqlite")}
    first = guestbook.create_app(config)
    first.test_client().post("/", data={"name": "Ada", "message": "Hello"})
    second = guestbook.create_app(config)
    assert b"Hello" in second.test_client().get("/").data


def test_empty_guestbook(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"No entries yet" in response.data
    assert b'<form method="post"' in response.data


def test_sign_redirects_then_shows_the_entry(client: FlaskClient) -> None:
    """POST-redirect-GET: 303 to the index, which lists the new entry."""
    response = client.post("/", data={"name": "Ada", "message": "Lovely site"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/")
    page = client.get("/").get_data(as_text=True)
    assert "Ada" in page and "Lovely site" in page
    assert "No entries yet" not in page


def test_newest_first(client: FlaskClient) -> None:
    for n in range(3):
        client.post("/", data={"name": f"guest{n}", "message": f"message {n}"})
    page = client.get("/").get_data(as_text=True)
    assert page.index("message 2") < page.index("message 1") < page.index("message 0")


def test_entries_are_escaped(client: FlaskClient) -> None:
    client.post(
        "/", data={"name": "<b>bold</b>", "message": "<script>alert(1)</script>"}
    )
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "", "message": "hi"}, "Please give your name."),
        ({"name": "Ada", "message": "   "}, "Please write a message."),
        ({"name": "x" * 81, "message": "hi"}, "under 80 characters"),
        ({"name": "Ada", "message": "x" * 2001}, "under 2000 characters"),
    ],
)
def test_invalid_form_is_shown_again(
    client: FlaskClient, data: dict[str, str], error: str
) -> None:
    """A bad entry is refused with 400, the message says why, input is kept,
    nothing is stored.
    """
    response = client.post("/", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error in page
    assert "No entries yet" in page
    if data["name"].strip():
        assert f'value="{data["name"]}"' in page
