"""Release readiness of both distributions: the version, the changelog, the
development-status classifier, the pre-commit snippet and the install
instructions say the same thing (see docs/release.rst).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

PROJECTS = {
    "Flask-Ext-Redirect": ROOT,
    "Flask-SQLite3": ROOT / "flask-sqlite3",
}
PRE_RELEASE = re.compile(r"(a|b|rc|\.dev)\d+$")


def _version(project: Path) -> str:
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"$', text, re.M)
    assert match is not None
    return match.group(1)


def _release(version: str) -> str:
    """``1.0.0.dev0`` -> ``1.0.0``: the release it leads to."""
    return PRE_RELEASE.sub("", version)


def _statuses(project: Path) -> list[str]:
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    return re.findall(r'"Development Status :: ([^"]+)"', text)


@pytest.mark.parametrize("name", PROJECTS)
def test_development_status_matches_the_version(name: str) -> None:
    """One Development Status classifier; a development or pre-release
    version is never "Production/Stable".
    """
    project = PROJECTS[name]
    [status] = _statuses(project)
    if PRE_RELEASE.search(_version(project)):
        assert status != "5 - Production/Stable", (name, _version(project))


@pytest.mark.parametrize("name", PROJECTS)
def test_changelog_heads_with_the_version(name: str) -> None:
    """The changelog's first heading is the version being made, "Unreleased"
    while the version is a development one, a release date once released.
    """
    project = PROJECTS[name]
    version = _version(project)
    lines = (project / "CHANGES.rst").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"Version {_release(version)}"
    assert set(lines[1]) == {"-"} and len(lines[1]) == len(lines[0])
    if PRE_RELEASE.search(version):
        assert lines[3] == "Unreleased"
    else:
        assert re.fullmatch(r"Released \d{4}-\d{2}-\d{2}", lines[3]), lines[3]


def _latest_release(project: Path) -> str | None:
    """The newest version the changelog gives a release date, or None."""
    text = (project / "CHANGES.rst").read_text(encoding="utf-8")
    released = re.findall(r"^Version (\S+)\n-+\n\nReleased ", text, re.M)
    return released[0] if released else None


def test_pre_commit_snippet_names_the_release_tag() -> None:
    """The pre-commit snippet pins the newest release's tag; before the
    first release, the tag the release process will make (docs/migration.rst
    says to pin a commit until then).
    """
    release = _latest_release(ROOT) or _release(_version(ROOT))
    text = (ROOT / "docs" / "migration.rst").read_text(encoding="utf-8")
    revs = re.findall(r"^\s+rev: (\S+)", text, re.M)
    assert revs == [f"v{release}"]
    if _latest_release(ROOT) is None:
        assert "does not exist yet" in text


@pytest.mark.parametrize("name", PROJECTS)
def test_install_instructions_name_the_wheel_make_dist_builds(name: str) -> None:
    """The README's wheel install line names the file that ``make dist``
    makes of the current version.
    """
    project = PROJECTS[name]
    wheel = f"{name.replace('-', '_').lower()}-{_version(project)}-py3-none-any.whl"
    readme = (project / "README.rst").read_text(encoding="utf-8")
    assert f"pip install dist/{wheel}" in readme
