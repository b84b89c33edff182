"""Memory of a rewrite (issue 8 item 8): measured side by side with
``ast.parse`` in ``benchmarks/bench_migrate.py --memory``; here, the one
structural fact behind it."""

from __future__ import annotations

import ast
import weakref
from typing import Any

import pytest

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets


def test_tree_is_released_before_the_check_parse(
    monkeypatch: pytest.MonkeyPatch, new_names: Targets
) -> None:
    """The rewritten text is parsed (to check it) only after the original
    syntax tree is gone, so two trees never live at once."""
    real_parse = ast.parse
    trees: list[weakref.ref[ast.AST]] = []
    alive_at_second_parse: list[bool] = []

    def parse(source: Any, *args: Any, **kwargs: Any) -> ast.AST:
        if trees:
            alive_at_second_parse.append(trees[0]() is not None)
        tree = real_parse(source, *args, **kwargs)
        trees.append(weakref.ref(tree))
        return tree

    monkeypatch.setattr(ast, "parse", parse)
    source = "import flask.ext.foo\n\n@flask.ext.foo.deco\ndef f():\n    pass\n"
    assert rewrite_source(source, new_names).text.startswith("import flask_foo\n")
    assert alive_at_second_parse == [False]
