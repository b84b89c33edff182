"""Read requirements sources without running them: ``requirements*.txt``
(with their ``-r``/``-c`` includes), ``setup.py``'s ``install_requires``
(through :mod:`ast`), ``pyproject.toml``'s ``[project] dependencies`` and
``Pipfile``'s ``[packages]``.

Only the standard library is used (the project does not depend on
``packaging``): a requirement is read with a regular expression for the PEP
508 shapes these files hold — a name, extras, version clauses, a marker.
Anything else (URLs, paths, editable installs, options) is kept as it is
and not judged.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import re
import sys
from typing import Any

from ._model import Requirement
from ._model import Source
from ._model import Spec

__all__ = ["parse_requirement", "read_source"]

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_OPS = r"~=|===|==|!=|<=|>=|<|>"
_VERSION = r"[A-Za-z0-9_.*+!-]+"
_REQUIREMENT = re.compile(
    rf"\s*(?P<name>{_NAME})\s*(?P<extras>\[[^\]]*\])?\s*"
    rf"(?P<specs>\(?\s*(?:(?:{_OPS})\s*{_VERSION}\s*(?:,\s*)?)*\)?)?\s*"
    rf"(?P<marker>;[^#]*?)?\s*$"
)
_CLAUSE = re.compile(rf"(?P<op>{_OPS})\s*(?P<version>{_VERSION})")
_INCLUDE = re.compile(
    r"(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=\S))(\S+)"
)
_COMMENT = re.compile(r"(^|\s+)#.*$")


def parse_requirement(
    text: str, offset: int, *, path: str, line: int, source: str
) -> Requirement | None:
    """Read one PEP 508 requirement in the shapes files hold (no URL).

    :param text: the requirement, without comment.
    :param offset: where ``text`` starts in the file, for the spans.
    :return: ``None`` when ``text`` is not such a requirement.
    """
    match = _REQUIREMENT.fullmatch(text)
    if match is None:
        return None
    specs: list[Spec] = []
    specs_start = specs_end = 0
    if match["specs"] and match["specs"].strip():
        specs_start = offset + match.start("specs")
        specs_end = specs_start + len(match["specs"].rstrip())
        base = match.start("specs")
        for clause in _CLAUSE.finditer(match["specs"]):
            start = offset + base + clause.start("version")
            specs.append(
                Spec(
                    clause["op"],
                    clause["version"],
                    start,
                    start + len(clause["version"]),
                )
            )
    marker = (match["marker"] or "")[1:].strip()
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    return Requirement(
        path=path,
        line=line,
        name=match["name"],
        specs=tuple(specs),
        marker=marker,
        text=stripped,
        start=offset + lead,
        end=offset + lead + len(stripped),
        source=source,
        specs_start=specs_start,
        specs_end=specs_end,
    )


def read_source(path: str, text: str) -> Source:
    """Read one file, chosen by its name.

    :param path: the file (its name picks the reader).
    :param text: its contents, decoded with newlines untranslated.
    """
    name = os.path.basename(path)
    if name == "setup.py":
        return _setup_py(path, text)
    if name == "pyproject.toml":
        return _pyproject(path, text)
    if name == "Pipfile":
        return _pipfile(path, text)
    return _requirements_txt(path, text)


def _logical_lines(text: str) -> list[tuple[int, str, list[tuple[int, int]]]]:
    """Lines joined at a trailing backslash, as pip joins them: each with
    its first line number, its text and the (file offset, length) pieces
    it is made of."""
    out: list[tuple[int, str, list[tuple[int, int]]]] = []
    pieces: list[tuple[int, int]] = []
    parts: list[str] = []
    first = 0
    pos = 0
    for number, physical in enumerate(text.splitlines(keepends=True), 1):
        body = physical.rstrip("\r\n")
        if not pieces:
            first = number
        if body.endswith("\\"):
            pieces.append((pos, len(body) - 1))
            parts.append(body[:-1])
        else:
            pieces.append((pos, len(body)))
            parts.append(body)
            out.append((first, "".join(parts), pieces))
            pieces, parts = [], []
        pos += len(physical)
    if pieces:
        out.append((first, "".join(parts), pieces))
    return out


def _requirements_txt(path: str, text: str) -> Source:
    source = Source(path, "requirements")
    for number, logical, pieces in _logical_lines(text):
        body = _COMMENT.sub("", logical)
        if not body.strip():
            continue
        if "--hash" in body:
            source.hashed = True
        stripped = body.strip()
        if stripped.startswith("-"):
            include = _INCLUDE.match(stripped)
            if include:
                folder = os.path.dirname(path)
                source.includes.append(os.path.join(folder, include.group(1)))
            continue
        # Per-requirement options (--hash=..., --install-option) follow the
        # requirement; they are not part of it.
        body = re.split(r"\s--?[A-Za-z]", body, maxsplit=1)[0]
        if (
            "://" in body
            or "/" in body.split(";")[0]
            or " @ " in body
            or "@" in body.split(";")[0]
        ):
            continue
        requirement = parse_requirement(
            body, pieces[0][0], path=path, line=number, source="requirements"
        )
        if requirement is None:
            source.problems.append(
                (number, f"not a requirement this reader knows: {stripped!r}")
            )
            continue
        if len(pieces) > 1:
            # Joined from several lines: report it, never rewrite it.
            requirement = _replace(requirement, writable=False)
        source.requirements.append(requirement)
    return source


def _replace(requirement: Requirement, **changes: Any) -> Requirement:
    return dataclasses.replace(requirement, **changes)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _setup_py(path: str, text: str) -> Source:
    source = Source(path, "setup.py")
    try:
        tree = ast.parse(text)
    except SyntaxError as e:
        source.problems.append((e.lineno or 0, f"setup.py does not parse: {e.msg}"))
        return source
    assigned: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                assigned[target.id] = node.value
    starts = _line_starts(text)
    lines = text.splitlines(keepends=True)
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if called != "setup":
            continue
        for keyword in call.keywords:
            if keyword.arg != "install_requires":
                continue
            value = keyword.value
            if isinstance(value, ast.Name) and value.id in assigned:
                value = assigned[value.id]
            if not isinstance(value, (ast.List, ast.Tuple)):
                source.problems.append(
                    (keyword.value.lineno, "install_requires is computed; not read")
                )
                continue
            for item in value.elts:
                _setup_item(source, item, text, starts, lines)
    return source


def _offset(starts: list[int], lines: list[str], lineno: int, col: int) -> int:
    """File offset of an :mod:`ast` position (whose column counts UTF-8 bytes)."""
    line = lines[lineno - 1]
    return starts[lineno - 1] + len(
        line.encode("utf-8")[:col].decode("utf-8", "replace")
    )


def _setup_item(
    source: Source, item: ast.expr, text: str, starts: list[int], lines: list[str]
) -> None:
    if not (isinstance(item, ast.Constant) and isinstance(item.value, str)):
        source.problems.append(
            (item.lineno, "a requirement that is not a string; not read")
        )
        return
    start = _offset(starts, lines, item.lineno, item.col_offset)
    end = _offset(
        starts, lines, item.end_lineno or item.lineno, item.end_col_offset or 0
    )
    literal = text[start:end]
    plain = len(literal) >= 2 and literal[0] in "'\"" and literal[-1] == literal[0]
    plain = plain and literal[1:-1] == item.value and "\\" not in literal
    requirement = parse_requirement(
        item.value, start + 1, path=source.path, line=item.lineno, source="setup.py"
    )
    if requirement is None:
        return
    if not plain:
        requirement = _replace(requirement, writable=False)
    source.requirements.append(requirement)


def _toml(path: str, text: str, source: Source) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - depends on the interpreter
        try:
            import tomli as tomllib
        except ImportError:
            source.problems.append(
                (0, "not read: TOML needs Python 3.11 or newer (or tomli installed)")
            )
            return None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        source.problems.append((0, f"not valid TOML: {e}"))
        return None
    return data


def _pyproject(path: str, text: str) -> Source:
    source = Source(path, "pyproject")
    data = _toml(path, text, source)
    project = data.get("project") if data else None
    if not isinstance(project, dict):
        return source
    dependencies = project.get("dependencies", [])
    if not isinstance(dependencies, list):
        return source
    for item in dependencies:
        if not isinstance(item, str):
            continue
        quoted = [
            m.start() + 1
            for q in ('"', "'")
            for m in re.finditer(re.escape(q + item + q), text)
        ]
        offset = quoted[0] if len(quoted) == 1 else 0
        line = text.count("\n", 0, offset) + 1 if offset else 0
        requirement = parse_requirement(
            item, offset, path=path, line=line, source="pyproject"
        )
        if requirement is None:
            continue
        if len(quoted) != 1:
            # Not found once, as written: report it, never rewrite it.
            requirement = _replace(requirement, writable=False)
        source.requirements.append(requirement)
    return source


def _pipfile(path: str, text: str) -> Source:
    source = Source(path, "pipfile")
    data = _toml(path, text, source)
    packages = data.get("packages") if data else None
    if not isinstance(packages, dict):
        return source
    for name, value in packages.items():
        version = value.get("version") if isinstance(value, dict) else value
        if not isinstance(version, str):
            continue
        spec = "" if version.strip() == "*" else version
        line = 0
        found = re.search(rf"(?m)^\s*[\"']?{re.escape(name)}[\"']?\s*=", text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
        requirement = parse_requirement(
            f"{name}{spec}", 0, path=path, line=line, source="pipfile"
        )
        if requirement is not None:
            source.requirements.append(_replace(requirement, writable=False))
    return source
