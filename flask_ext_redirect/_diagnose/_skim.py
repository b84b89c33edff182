"""A cheap first look at a file the prefilter skipped: its import lines,
read with a pattern instead of a parser, and whether anything in it needs
the parser (:func:`needs_parse`).

Parsing every file costs several times what the rest of ``doctor`` does
on a large tree. Most files hold nothing for the recall rules but imports,
and an import that resolves (stdlib, installed, the tree's own) needs no
more. Imports read this way are marked approximate: the judge re-reads a
file properly before it reports one of them (:func:`precise`).
"""

from __future__ import annotations

import re

from ._py2_names import BUILTINS
from ._py2_names import METHODS
from ._source import read_source
from ._source import SourceFacts
from ._source import SourceImport

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Words that send a file to the parser wherever they are.
_ALWAYS = frozenset(
    {*BUILTINS, *METHODS, "environ", "getenv", "csrf_enabled", "__cmp__",
     "Flask", "create_app", "SQLAlchemy", "Model"}
)  # fmt: skip
#: Flask-SQLAlchemy words that matter only in code that runs at import.
_DB_WORDS = frozenset(
    {"session", "query", "engine", "create_all", "drop_all", "reflect", "get_engine"}
)
#: Lines at module level (not indented, not a comment or decorator).
_MODULE_LEVEL = re.compile(r"^[^ \t\n#@][^\n]*", re.M)
_CALL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*\(")
_MAIN = re.compile(r"^if\s+__name__\s*==\s*['\"]__main__['\"]", re.M)
_IMPORTS_STRING = re.compile(r"^[ \t]*import[ \t]+string\b", re.M)
#: Indentation with a tab in it: Python 2 took a tab for 8 columns,
#: Python 3 refuses a mix of tabs and spaces (TabError); the parser tells.
_TAB_INDENT = re.compile(r"^ *\t", re.M)
#: Python 2 statements (the parser will refuse the file, and say so), each
#: looked for only where its first word is in the file.
_PY2 = {
    "print": re.compile(r"^[ \t]*print[ \t]+[^\s(=]", re.M),
    "exec": re.compile(r"^[ \t]*exec[ \t]+[\"'\w]", re.M),
    "except": re.compile(r"^[ \t]*except[ \t]+[\w.]+[ \t]*,", re.M),
    "raise": re.compile(r"^[ \t]*raise[ \t]+[\w.]+[ \t]*,", re.M),
}
#: Python 2 spellings without a word of their own: backquotes after an
#: operator (not reST's ``code``), ``<>``, octal ``0777`` and long ``10L``
#: literals, ``ur''`` strings. A match in a string or comment costs a
#: parse, never a finding.
_PY2_SYNTAX = re.compile(
    r"(?:\(|(?:[=%+]|\breturn)[ \t]+)`\w[^`\n]*`(?!`)"  # `x`, repr
    r"|[\w)\]][ \t]*<>[ \t]*[\w(\[]"  # a <> b
    r"|(?:[=(,\[]|\breturn)[ \t]*0[0-7]+\b"  # 0755
    r"|\b[0-9]+[lL]\b|\b[uU][rR][\"']"  # 10L, ur''
)
_IMPORT = re.compile(
    r"^([ \t]*)(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)"
    r"|import[ \t]+([^\n#;]*))",
    re.M,
)


def needs_parse(text: str) -> bool:
    """Whether a file may hold more than imports for the recall rules."""
    words = set(_WORD.findall(text))
    if words & _ALWAYS:
        return True
    if "string" in words and _IMPORTS_STRING.search(text):
        return True
    if "\t" in text and _TAB_INDENT.search(text):
        return True
    if words & _DB_WORDS:
        if "__main__" in words and _MAIN.search(text):
            return True
        # Code that runs at import: a module-level line that names one of
        # them, or calls a function (which may).
        for line in _MODULE_LEVEL.findall(text):
            if _CALL.match(line) or set(_WORD.findall(line)) & _DB_WORDS:
                return True
    if any(w in words and p.search(text) for w, p in _PY2.items()):
        return True
    return _PY2_SYNTAX.search(text) is not None


def skim(text: str) -> SourceFacts:
    """The import lines of a file (approximate: see the module's doc)."""
    found: list[SourceImport] = []
    line = 1
    last = 0
    for match in _IMPORT.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        indent, dots, module, names, plain = match.groups()
        # Indented: in a function, or under try/if; the judge re-reads the
        # file before it reports anything about such an import.
        deferred = bool(indent)
        if plain is not None:
            for part in plain.split(","):
                name = part.split(" as ")[0].strip().rstrip("\\").strip()
                if name and all(p.isidentifier() for p in name.split(".")):
                    found.append(
                        SourceImport(name, (), 0, line, len(indent), False, deferred)
                    )
            continue
        listed = tuple(
            n.split(" as ")[0].strip()
            for n in names.strip("()\\ \t").replace("\n", " ").split(",")
        )
        listed = tuple(n for n in listed if n.isidentifier() or n == "*")
        if module == "" and not dots:
            continue
        found.append(
            SourceImport(module, listed, len(dots), line, len(indent), False, deferred)
        )
    return SourceFacts(
        imports=found,
        main_block="__main__" in text and _MAIN.search(text) is not None,
        approximate=True,
    )


def precise(path: str, source: SourceFacts) -> SourceFacts:
    """The file's facts read by the parser (``source`` itself when it
    already was, or when the file cannot be read again)."""
    if not source.approximate:
        return source
    from .._migrate._files import decode
    from .._migrate._model import Unsafe

    try:
        with open(path, "rb") as f:
            text, _ = decode(f.read())
    except (OSError, Unsafe):
        return source
    return read_source(text) or source
