"""Judging requirements from the knowledge base, and rewriting them
byte for byte elsewhere."""

from __future__ import annotations

from flask_ext_redirect._era import load
from flask_ext_redirect._requirements import judge
from flask_ext_redirect._requirements import rewrite
from flask_ext_redirect._requirements._judge import raise_excluded
from flask_ext_redirect._requirements._parse import parse_requirement
from flask_ext_redirect._requirements._parse import read_source


def _verdicts(text: str, *, flask: str | None = "3.1.0", python: str = "3.13"):  # type: ignore[no-untyped-def]
    source = read_source("requirements.txt", text)
    return source, judge([source], load(), flask=flask, python=python)


def _spec(text: str):  # type: ignore[no-untyped-def]
    req = parse_requirement(text, 0, path="r", line=1, source="requirements")
    assert req is not None
    return req.specs


def test_ranges_that_allow_the_needed_release_are_not_flagged() -> None:
    """Only clauses that exclude the first working release count."""
    assert raise_excluded(_spec("x>=1.0"), "3.1.0") == (False, False)
    assert raise_excluded(_spec("x==3.1.0"), "3.1.0") == (False, True)
    assert raise_excluded(_spec("x==3.2"), "3.1.0") == (False, True)
    assert raise_excluded(_spec("x==0.10.1"), "3.1.0") == (True, True)
    assert raise_excluded(_spec("x>=0.10,<1"), "3.1.0") == (True, False)
    assert raise_excluded(_spec("x~=3.0"), "3.1.0") == (False, False)
    assert raise_excluded(_spec("x~=2.0"), "3.1.0") == (True, False)
    assert raise_excluded(_spec("x==3.*"), "3.1.0") == (False, False)
    assert raise_excluded(_spec("x==2.*"), "3.1.0") == (True, False)
    assert raise_excluded(_spec("x==4.*"), "3.1.0") == (False, False)
    assert raise_excluded(_spec("x==weird-1"), "3.1.0") == (False, False)


def test_backports_python_and_flask_pins() -> None:
    """wsgiref blocks (it does not install), argparse is a warning, an old
    C extension is raised to its first Python 3.13 release and companions of
    Flask to their first release beside it."""
    _, verdicts = _verdicts(
        "wsgiref==0.1.2\nargparse==1.2.1\ngreenlet==0.4.9\nWerkzeug==0.10.4\n"
        "Flask-Login>=0.2\n"
    )
    got = [
        (v.requirement.name, v.code, v.severity, v.action, v.value) for v in verdicts
    ]
    assert got == [
        ("wsgiref", "backport", "blocker", "drop", None),
        ("argparse", "backport", "warning", "drop", None),
        ("greenlet", "python", "blocker", "raise", "3.1.0"),
        ("Werkzeug", "flask", "blocker", "raise", "3.1.0"),
    ]


def test_markers_are_not_judged() -> None:
    """A line meant for another Python (a marker) gets no verdict."""
    _, verdicts = _verdicts('futures==3.0.3; python_version < "3"\n')
    assert verdicts == []


def test_other_python_or_no_flask_says_nothing_unknown() -> None:
    """With no facts for this Python and no Flask target, an old pin is not
    judged: no verdict without knowledge."""
    _, verdicts = _verdicts(
        "greenlet==0.4.9\nWerkzeug==0.10.4\n", flask=None, python="3.12"
    )
    assert verdicts == []


def test_range_excluding_the_release_is_refused_with_reason() -> None:
    """A range is reported, not rewritten: the refusal names what to do."""
    _, verdicts = _verdicts("Werkzeug>=0.9,<1.0\n")
    (verdict,) = verdicts
    assert verdict.action is None
    assert verdict.refusal is not None and "allow 3.1.0" in verdict.refusal


def test_companion_pins_rise_with_the_release_that_needs_them() -> None:
    """gevent 24.10.1 requires greenlet >= 3.1.1, above greenlet's own first
    Python 3.13 release: both rise so that pip can resolve the file."""
    _, verdicts = _verdicts("gevent==1.0.2\ngreenlet==0.4.9\n")
    raised = {v.requirement.name: v.value for v in verdicts if v.action == "raise"}
    assert raised == {"gevent": "24.10.1", "greenlet": "3.1.1"}


def test_dead_distribution_with_drop_in_successor_is_swapped() -> None:
    """Flask-Uploads becomes Flask-Reuploaded (same module); Flask-Cache is
    reported only (its successor's module differs)."""
    source, verdicts = _verdicts("Flask-Uploads==0.1.3  # files\nFlask-Cache==0.13.1\n")
    actions = {(v.requirement.name, v.code): (v.action, v.value) for v in verdicts}
    assert actions[("Flask-Uploads", "dead")] == ("replace", "Flask-Reuploaded")
    assert actions[("Flask-Cache", "dead")] == (None, None)
    new, notes = rewrite(
        "Flask-Uploads==0.1.3  # files\nFlask-Cache==0.13.1\n", verdicts
    )
    assert new == "Flask-Reuploaded  # files\nFlask-Cache==0.13.1\n"
    assert notes == [
        "line 1: Flask-Reuploaded replaces Flask-Uploads unpinned; pin the release"
        " pip installs"
    ]


def test_both_halves_of_an_overwriting_pair_block() -> None:
    """py-bcrypt beside bcrypt: a blocker, and no rewrite (which to keep
    depends on the code)."""
    _, verdicts = _verdicts("py-bcrypt==0.4\nbcrypt==3.1.7\n")
    (verdict,) = verdicts
    assert (verdict.code, verdict.severity, verdict.action) == (
        "overwrites",
        "blocker",
        None,
    )
    _, alone = _verdicts("py-bcrypt==0.4\n")
    assert alone == []


def test_rewrite_is_byte_exact_elsewhere() -> None:
    """Comments, blank lines, CRLF line ends, extras, markers, spacing and
    order stay; only the versions and the dropped line change."""
    text = (
        "# 2015\r\n"
        "\r\n"
        "Flask-SQLAlchemy[async] == 2.0   # db\r\n"
        "wsgiref==0.1.2\r\n"
        'greenlet==0.4.9 ; sys_platform == "linux"\r\n'
        "Werkzeug==0.10.4"
    )
    _, verdicts = _verdicts(text)
    new, _ = rewrite(text, verdicts)
    assert new == (
        "# 2015\r\n"
        "\r\n"
        "Flask-SQLAlchemy[async] == 3.0.0   # db\r\n"
        'greenlet==0.4.9 ; sys_platform == "linux"\r\n'
        "Werkzeug==3.1.0"
    )


def test_what_a_raised_release_pulls_in_counts_for_overwrites() -> None:
    """Raising Flask-Bcrypt to 1.0.0 brings bcrypt, which python-bcrypt
    overwrites: that pair blocks, and is left to the user."""
    _, verdicts = _verdicts("Flask-Bcrypt==0.6.2\npython-bcrypt==0.3.2\n")
    got = [(v.requirement.name, v.code, v.action, v.value) for v in verdicts]
    assert got == [
        ("Flask-Bcrypt", "flask", "raise", "1.0.0"),
        ("python-bcrypt", "overwrites", None, None),
    ]


def test_a_release_that_installs_but_does_not_import_is_named_so() -> None:
    """requests 2.7.0 installs on Python 3.13 but imports cgi: the verdict
    says it does not import, and raises it to the first release that does."""
    _, verdicts = _verdicts("requests==2.7.0\n")
    (verdict,) = verdicts
    assert (verdict.code, verdict.action, verdict.value) == (
        "python-import",
        "raise",
        "2.25.0",
    )
    assert "installs but does not import on Python 3.13" in verdict.title


def test_a_refused_swap_names_the_reason_that_holds() -> None:
    """Flask-Uploads beside Flask-Reuploaded (both install flask_uploads): the
    swap is refused for a range (its bounds are Flask-Uploads releases), a
    line continued over two lines and a Pipfile, each with that reason, by
    both its verdicts; never the successor's praise ("the swap cannot
    break code") as a refusal, and never a rewrite behind a refusal."""
    cases = {
        "Flask-Uploads>=0.1,<0.2\nFlask-Reuploaded\n": "version range is about"
        " Flask-Uploads's releases, not Flask-Reuploaded's",
        "Flask-Uploads==0.1.3 \\\n  \nFlask-Reuploaded\n": "not written as one"
        " plain line or string",
    }
    for text, reason in cases.items():
        _, verdicts = _verdicts(text)
        mine = [v for v in verdicts if v.requirement.name == "Flask-Uploads"]
        assert sorted(v.code for v in mine) == ["dead", "overwrites"]
        for verdict in mine:
            assert verdict.action is None, (text, verdict.code)
            assert verdict.refusal is not None and reason in verdict.refusal
        assert rewrite(text, verdicts)[0] == text
    pipfile = read_source(
        "Pipfile", '[packages]\nflask-uploads = "==0.1.3"\nflask-reuploaded = "*"\n'
    )
    for verdict in judge([pipfile], load(), flask="3.1.0", python="3.13"):
        assert verdict.refusal is not None and "pipenv lock" in verdict.refusal


def test_versions_not_understood_and_upper_bounds() -> None:
    """A needed release or a wildcard that is no version says nothing; an
    inclusive upper bound below the release is reported, at or above it is
    not."""
    assert raise_excluded(_spec("x==1.0"), "not-a-version") == (False, False)
    assert raise_excluded(_spec("x==weird.*"), "3.1.0") == (False, False)
    assert raise_excluded(_spec("x<=2.0"), "3.1.0") == (True, False)
    assert raise_excluded(_spec("x<=3.1.0"), "3.1.0") == (False, False)


def test_pipfile_pins_are_reported_as_hand_steps() -> None:
    """An old pin in a Pipfile is a blocker with the release to require, and
    the refusal says to change the Pipfile, then run pipenv lock."""
    source = read_source("Pipfile", '[packages]\nWerkzeug = "==0.10.4"\n')
    (verdict,) = judge([source], load(), flask="3.1.0", python="3.13")
    assert (verdict.code, verdict.severity, verdict.action, verdict.value) == (
        "flask",
        "blocker",
        None,
        "3.1.0",
    )
    assert verdict.refusal is not None and "pipenv lock" in verdict.refusal
