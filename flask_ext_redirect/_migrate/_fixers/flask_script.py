"""``flask-script``: a stereotyped Flask-Script ``manage.py`` -> Flask's own
command line.

Flask-Script imports ``flask._compat``, which Flask 2.0.0 removed, so it
fails at import (Flask 2.0.0 changelog). Flask has had its own ``flask``
command since 0.11, and Flask-Migrate registers ``flask db`` itself.

Converted, and only when every use of the manager is one of these:

- ``manager = Manager(app)``, ``app`` an application object bound at
  module level: removed;
- ``@manager.command`` alone on ``def f():`` (no parameters, so no options
  to map): ``f`` stays a plain function (the decorator returned it, so
  other code may call it), registered after it as the command ``"f"``
  (the name kept as typed) through a wrapper that runs it as Flask-Script
  did, in a test request context, its return value the exit status (see
  :mod:`._script_cli`); the function body is not touched;
- ``manager.add_command("db", MigrateCommand)``: removed, ``flask db``;
- ``manager.add_command("shell", Shell(make_context=f))``: removed, and
  ``@app.shell_context_processor`` on ``f``;
- ``manager.add_command("runserver", Server(...))`` with literal options:
  removed; ``python manage.py runserver`` runs ``flask run`` with the
  options that start the same server, and a note says so;
- ``@manager.shell`` on a function: ``@app.shell_context_processor``;
- ``manager.add_command("urls", ShowUrls())``: removed, ``flask routes``;
- ``if __name__ == "__main__": manager.run()``: ``manager.run()`` becomes
  Flask's CLI on the same arguments, so ``python manage.py ARGS`` keeps
  working (Procfiles, cron jobs).

Everything else is refused with the reason and the line: ``@manager.option``
and commands with parameters (their options become ``click`` options),
commands with other decorators, command names Flask's CLI already has
(``run``, ``shell``, ``routes``, ``db`` of Flask-Migrate, and those of
``flask.commands`` plugins installed here), a name given twice,
``Server(...)`` options ``flask run`` has no flag for (``processes``,
``passthrough_errors``) or that are not literals, ``Command`` subclasses,
``Manager(create_app)`` factories, an app bound again after
``Manager(app)``, ``app.run()`` in a function (a no-op under Flask's CLI),
other uses of ``manager`` or of Flask-Script's names (``prompt_bool``...),
an app that already has ``app.cli`` commands here, and a module that binds
a name the written code needs.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys

from .._model import Edit
from .._model import Unsafe
from .._source import LineIndex
from . import register
from ._module import Module
from ._moves import Move
from ._moves import REMOVE
from ._moves import rewrite_statement
from ._script_cli import HELPER
from ._script_cli import helper
from ._script_cli import main_block
from ._script_cli import MAIN_IMPORTS
from ._script_cli import MAIN_NAMES
from ._script_cli import register as register_command
from ._script_server import server_note
from ._script_server import server_options
from ._statement import read_from

_MANAGER = re.compile(r"\bManager\s*\(")
#: Commands Flask's CLI has (Flask 1.0+; ``db`` is Flask-Migrate's): they
#: win over an application's command of the same name.
_FLASK_COMMANDS = {"run": "Server", "shell": "Shell", "routes": "ShowUrls"}
_PLUGIN_COMMANDS = {"db": "MigrateCommand"}
_HOW_TO_RUN = (
    "converted from Flask-Script to Flask's CLI: 'python THIS_FILE COMMAND'"
    " still runs its commands (through Flask's CLI), and so does "
    "'flask --app THIS_FILE COMMAND' (FLASK_APP=THIS_FILE before Flask 2.2);"
    " 'flask db' for migrations, 'flask shell', 'flask run'"
)
_HOW_TO_RUN_NO_MAIN = (
    "converted from Flask-Script to Flask's CLI: run its commands with "
    "'flask --app THIS_FILE COMMAND' (FLASK_APP=THIS_FILE before Flask 2.2;"
    " the file had no __main__ block running the manager, and has none now);"
    " 'flask db' for migrations, 'flask shell', 'flask run'"
)


def _refuse(node: ast.AST, why: str) -> Unsafe:
    return Unsafe(
        getattr(node, "lineno", 0),
        f"Flask-Script manage.py not converted: {why}",
    )


def _is_manager_attr(node: ast.AST, manager: str, attr: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == manager
        and node.attr == attr
    )


class _Converter:
    def __init__(self, module: Module) -> None:
        self.module = module
        self.edits: list[Edit] = []
        self.handled: set[int] = set()  # ids of ast.Name reads of manager
        self.script_names: dict[str, str] = {}  # local -> flask_script name
        self.manager = ""
        self.app = ""
        self.functions: dict[str, ast.FunctionDef] = {}
        self.migrate_commands = 0
        #: Command name -> what it is ("function", or the Flask-Script class).
        self.commands: dict[str, str] = {}
        #: Server command name -> (debug mode given, ``flask run`` options).
        self.servers: dict[str, tuple[bool | None, list[str]]] = {}
        #: Flask-Script command name -> Flask's name for the same command.
        self.renamed: dict[str, str] = {}
        self.registered = 0  # commands registered through the helper
        #: ``manager.run()`` statements and the ``if __name__ ...`` around them.
        self.mains: list[tuple[ast.If, ast.Expr]] = []
        self.server_lines: dict[str, int] = {}

    def delete(self, node: ast.stmt) -> None:
        start, end = self.module.statement_lines(node)
        self.edits.append(Edit(start, end, ""))

    def tidy(self) -> list[Edit]:
        """The edits, with the blank lines the deleted statements leave
        behind kept to two in a row (none at the end of the file)."""
        text = self.module.text
        lines = self.module.index
        deletions = sorted((e for e in self.edits if not e.new), key=lambda e: e.start)
        others = [e for e in self.edits if e.new]
        blocks: list[list[int]] = []
        for edit in deletions:
            if blocks and not text[blocks[-1][1] : edit.start].strip():
                blocks[-1][1] = edit.end  # only blank lines between: one block
            else:
                blocks.append([edit.start, edit.end])
        tidied: list[Edit] = []
        for start, end in blocks:
            if not text[end:].strip():
                # Nothing but blank lines follows: end the file after the
                # last line that stays.
                kept = len(text[:start].rstrip(" \t\f\r\n"))
                if kept and all(e.end <= kept for e in others):
                    tidied.append(Edit(kept, len(text), self.module.newline))
                    continue
            before = _blank_lines_before(text, lines, start)
            after = _blank_lines_after(text, lines, end)
            extra = min(len(after), len(before) + len(after) - 2)
            if extra > 0:
                end = after[extra - 1]
            tidied.append(Edit(start, end, ""))
        return others + tidied

    def run(self) -> list[Edit]:
        module = self.module
        body = module.tree.body
        for node in body:
            if isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node
        imports = [
            n
            for n in module.imports
            if isinstance(n, ast.ImportFrom)
            and n.module in ("flask_script", "flask_script.commands")
        ]
        script_calls = [
            n
            for n in (module.names.calls if _MANAGER.search(module.text) else [])
            if isinstance(n, ast.Call)
            and isinstance(n.func, (ast.Name, ast.Attribute))
            and (getattr(n.func, "id", None) or getattr(n.func, "attr", None))
            == "Manager"
        ]
        if not imports or not script_calls:
            # Not a manage.py: nothing to convert, but say what remains.
            if "flask_script" in module.text:
                module.note(
                    0,
                    "uses Flask-Script, which does not import on Flask >= 2.0 "
                    "(flask._compat is gone): rewrite its commands with "
                    "@app.cli.command() (click) by hand",
                )
            return []
        for node in imports:
            if node not in body:
                raise _refuse(node, "flask_script is imported inside a block")
            for alias in node.names:
                self.script_names[alias.asname or alias.name] = alias.name
            self.delete(node)
        script = {v: k for k, v in self.script_names.items()}
        for sub in module.names.classes:
            for base in sub.bases:
                if isinstance(base, ast.Name) and base.id in self.script_names:
                    raise _refuse(
                        sub,
                        f"class {sub.name} subclasses Flask-Script's "
                        f"{self.script_names[base.id]}: write it as a click "
                        "command (@app.cli.command()) by hand",
                    )
        if "Manager" not in script:
            raise _refuse(imports[0], "no Manager is imported")
        self.find_manager(script["Manager"])
        self.refuse_existing_cli()
        for node in body:
            self.statement(node, script)
        self.check_all_uses()
        self.refuse_app_run()
        self.remove_migrate_command()
        self.write_mains()
        for name, (debug, options) in self.servers.items():
            module.note(
                self.server_lines[name],
                server_note(name, debug, options, bool(self.mains)),
            )
        module.note(0, _HOW_TO_RUN if self.mains else _HOW_TO_RUN_NO_MAIN)
        return self.tidy()

    def find_manager(self, manager_class: str) -> None:
        found = []
        for node in self.module.tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name)
                and node.value.func.id == manager_class
            ):
                found.append(node)
        if len(found) != 1:
            raise _refuse(
                self.module.tree,
                "expected exactly one 'manager = Manager(app)' at module level",
            )
        node = found[0]
        call = node.value
        assert isinstance(call, ast.Call)
        target = node.targets[0]
        assert isinstance(target, ast.Name)
        if (
            len(call.args) != 1
            or call.keywords
            or not isinstance(call.args[0], ast.Name)
        ):
            raise _refuse(
                node,
                "Manager() is not given just an application object (an app "
                "factory's options become 'flask --app \"pkg:create_app()\"')",
            )
        self.app = call.args[0].id
        app_bindings = self.module.names.bound.get(self.app, [])
        if not app_bindings or any(not self.at_module_level(b) for b in app_bindings):
            raise _refuse(node, f"'{self.app}' is not a module-level name")
        if not _is_app_object(self.module, self.app):
            raise _refuse(
                node,
                f"cannot tell that Manager({self.app}) is given an application "
                "object and not an application factory; for a factory, run "
                f"'flask --app \"module:{self.app}()\"' and register the "
                "commands in the factory by hand",
            )
        for binding in app_bindings:
            if getattr(binding, "lineno", 0) > node.lineno:
                raise _refuse(
                    binding,
                    f"'{self.app}' is bound again after Manager({self.app}): "
                    "Flask-Script kept the first application, the converted "
                    "commands would get this one",
                )
        self.manager = target.id
        if len(self.module.names.bound.get(self.manager, [])) != 1:
            raise _refuse(node, f"'{self.manager}' is bound more than once")
        self.delete(node)

    def at_module_level(self, node: ast.AST) -> bool:
        return any(
            node is s or node in ast.walk(s)
            for s in self.module.tree.body
            if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        )

    def statement(self, node: ast.stmt, script: dict[str, str]) -> None:
        manager = self.manager
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if _is_manager_attr(decorator, manager, "command"):
                    self.command(node, decorator)
                elif isinstance(decorator, ast.Call) and _is_manager_attr(
                    decorator.func, manager, "command"
                ):
                    raise _refuse(
                        decorator,
                        "@manager.command(...) with arguments: write "
                        "@app.cli.command() with click options by hand",
                    )
                elif _is_manager_attr(decorator, manager, "shell"):
                    self.shell_context(node, decorator)
                elif _is_manager_attr(
                    getattr(decorator, "func", decorator), manager, "option"
                ):
                    raise _refuse(
                        decorator,
                        f"@{manager}.option on '{node.name}': its options become "
                        "@click.option/@click.argument under @app.cli.command();"
                        " write them by hand",
                    )
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if _is_manager_attr(call.func, manager, "add_command"):
                self.add_command(node, call, script)
        elif isinstance(node, ast.If) and _is_main_guard(node.test):
            for inner in node.body:
                if (
                    isinstance(inner, ast.Expr)
                    and isinstance(inner.value, ast.Call)
                    and _is_manager_attr(inner.value.func, manager, "run")
                    and not inner.value.args
                    and not inner.value.keywords
                ):
                    # Manager.run() ended with sys.exit(): what follows it
                    # never ran, as it does not after FlaskGroup.main().
                    self.mark(inner.value.func)
                    self.mains.append((node, inner))

    def mark(self, attr: ast.AST) -> None:
        assert isinstance(attr, ast.Attribute)
        self.handled.add(id(attr.value))

    def command(self, func: ast.FunctionDef, decorator: ast.expr) -> None:
        """``@manager.command`` returned the function itself (Flask-Script
        2.0.6 ``Manager.command``): the function stays as it is, and is
        registered after its definition through the wrapper that runs it
        as Flask-Script did (see :mod:`._script_cli`)."""
        name = func.name
        args = func.args
        if (
            args.args
            or args.vararg
            or args.kwarg
            or args.kwonlyargs
            or getattr(args, "posonlyargs", [])
        ):
            raise _refuse(
                func,
                f"command '{name}' takes parameters (Flask-Script made them"
                " options): write @app.cli.command() with click options by hand",
            )
        if len(func.decorator_list) != 1:
            raise _refuse(
                func,
                f"command '{name}' has other decorators: which function "
                "Flask-Script registered depends on their order; register it "
                "with @app.cli.command() by hand",
            )
        if len(self.module.names.bound.get(name, [])) != 1:
            raise _refuse(func, f"'{name}' is bound more than once")
        self.name_command(func, name, "function")
        start, end, comment = self.own_line(decorator)
        # The wrapper goes before the first command.
        new = "" if self.registered else helper(self.app, self.module.newline)
        if comment:
            new += comment + self.module.newline  # kept, above the function
        self.edits.append(Edit(start, end, new))
        self.edits.append(
            self.module.insert_after(func, ["", "", register_command(name, name)])
        )
        self.registered += 1
        self.mark(decorator)

    def name_command(self, node: ast.AST, name: str, kind: str) -> None:
        """Record command ``name``; refuse a name given twice or one that
        Flask's CLI (or Flask-Migrate) has for another command."""
        if name in self.commands:
            raise _refuse(
                node,
                f"command '{name}' is defined twice (Flask-Script kept the last"
                "): keep one by hand",
            )
        flask_kind = _FLASK_COMMANDS.get(name) or _PLUGIN_COMMANDS.get(name)
        plugin = _installed_plugins().get(name)
        if flask_kind is None and plugin is not None:
            flask_kind = "plugin"
        if flask_kind is not None and flask_kind != kind:
            if name in _FLASK_COMMANDS:
                whose = "Flask's own"
            elif name in _PLUGIN_COMMANDS:
                whose = "Flask-Migrate's"
            else:
                whose = f"the installed {plugin}'s"
            raise _refuse(
                node,
                f"command '{name}' has the name of {whose} 'flask {name}', "
                "which would run instead of it: rename the command (and what "
                "runs it) by hand",
            )
        self.commands[name] = kind

    def own_line(self, node: ast.expr) -> tuple[int, int, str]:
        """Offsets of the start of the line ``node`` is alone on and of the
        next line's start, and the comment that ends the line (or "")."""
        start, end = self.module.span(node)
        line_start = self.module.index.starts[node.lineno - 1]
        last = node.end_lineno or node.lineno
        line_end = self.module.index.starts[last]
        rest = self.module.text[end:line_end].strip(" \t\f\r\n")
        if self.module.text[line_start : start - 1].strip(" \t\f") or (
            rest and not rest.startswith("#")
        ):
            raise _refuse(node, "the decorator shares its line with other code")
        return line_start, line_end, rest

    def shell_context(self, func: ast.FunctionDef, decorator: ast.expr) -> None:
        """``@manager.shell`` was ``add_command("shell",
        Shell(make_context=func))`` (Flask-Script 2.0 ``Manager.shell``)."""
        if func.args.args or func.args.vararg or func.args.kwarg:
            raise _refuse(func, "the shell context function takes arguments")
        self.name_command(decorator, "shell", "Shell")
        start, end = self.module.span(decorator)
        self.edits.append(Edit(start, end, f"{self.app}.shell_context_processor"))
        self.mark(decorator)

    def add_command(
        self, node: ast.Expr, call: ast.Call, script: dict[str, str]
    ) -> None:
        if (
            call.keywords
            or len(call.args) != 2
            or not (
                isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str)
            )
        ):
            raise _refuse(node, "add_command() with unusual arguments")
        name = call.args[0].value
        value = call.args[1]
        if isinstance(value, ast.Name) and value.id == "MigrateCommand":
            self.name_command(node, name, "MigrateCommand")
            if name != "db":
                self.renamed[name] = "db"
                self.module.note(
                    node.lineno,
                    f"'{name}' (MigrateCommand) is 'flask --app THIS_FILE db' now",
                )
            self.migrate_commands += 1
        elif not self.command_object(node, name, value, script):
            raise _refuse(
                node,
                f"add_command('{name}', ...) adds a command this fixer cannot "
                "convert: write it as @app.cli.command() by hand",
            )
        self.mark(call.func)
        self.delete(node)

    def command_object(
        self, node: ast.stmt, name: str, value: ast.expr, script: dict[str, str]
    ) -> bool:
        """Convert ``add_command(name, Server(...))``, ``ShowUrls()`` or
        ``Shell(...)``; False for any other command object."""
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)):
            return False
        called = value.func.id
        if called == script.get("Server"):
            given = server_options(value)
            if given is None:
                raise _refuse(
                    node,
                    f"Server(...) options for '{name}' that 'flask run' has no "
                    "flag for, or not written as literals: run 'flask run' "
                    "with its options (--host, --port, --reload, --debugger, "
                    "--cert, --key) by hand",
                )
            self.name_command(node, name, "Server")
            self.servers[name] = given
            self.server_lines[name] = node.lineno
        elif called == script.get("ShowUrls") and not value.args and not value.keywords:
            # Flask 1.0's 'flask routes' lists the URL rules, as ShowUrls did.
            self.name_command(node, name, "ShowUrls")
            if name != "routes":
                self.renamed[name] = "routes"
            self.module.note(
                node.lineno,
                f"'{name}' (ShowUrls) is 'flask --app THIS_FILE routes' now (its"
                " output has another layout)",
            )
        elif called == script.get("Shell"):
            self.name_command(node, name, "Shell")
            if name != "shell":
                self.renamed[name] = "shell"
                self.module.note(
                    node.lineno,
                    f"'{name}' (Shell) is 'flask --app THIS_FILE shell' now",
                )
            self.shell_command(node, value)
        else:
            return False
        return True

    def shell_command(self, node: ast.stmt, value: ast.Call) -> None:
        """``Shell(make_context=f)``: ``f`` becomes a shell context processor."""
        keywords = {k.arg: k.value for k in value.keywords}
        context = keywords.get("make_context")
        if (
            value.args
            or set(keywords) != {"make_context"}
            or not isinstance(context, ast.Name)
            or context.id not in self.functions
        ):
            raise _refuse(
                node,
                "Shell(...) other than Shell(make_context=<function defined "
                "here>): decorate the context function with "
                "@app.shell_context_processor by hand",
            )
        func = self.functions[context.id]
        if func.args.args or func.args.vararg or func.args.kwarg:
            raise _refuse(func, "the shell context function takes arguments")
        if len(self.module.names.bound.get(func.name, [])) != 1:
            raise _refuse(func, f"'{func.name}' is bound more than once")
        first = func.decorator_list[0] if func.decorator_list else func
        start = self.module.index.starts[first.lineno - 1]
        indent = self.module.indent_of(func)
        self.edits.append(
            Edit(
                start,
                start,
                f"{indent}@{self.app}.shell_context_processor{self.module.newline}",
            )
        )

    def refuse_existing_cli(self) -> None:
        """Commands the app already has on ``app.cli`` could clash with the
        converted ones, which Flask-Script kept apart."""
        for node in self.module.names.name_attributes:
            if (
                isinstance(node.value, ast.Name)
                and node.value.id == self.app
                and node.attr == "cli"
            ):
                raise _refuse(
                    node,
                    f"'{self.app}.cli' already has commands here: merge the "
                    "Flask-Script commands into them by hand",
                )

    def refuse_app_run(self) -> None:
        """Flask's CLI sets ``FLASK_RUN_FROM_CLI``, and ``app.run()`` then
        returns at once (Flask 1.0+): a command that starts the server that
        way would exit 0 doing nothing."""
        for call in self.module.names.calls:
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "run"
                and isinstance(func.value, ast.Name)
                and func.value.id == self.app
                and not self.at_module_level(call)
            ):
                raise _refuse(
                    call,
                    f"'{self.app}.run()' in a function: under Flask's CLI it "
                    "does nothing (FLASK_RUN_FROM_CLI); start the server with "
                    "'flask run' by hand",
                )

    def write_mains(self) -> None:
        """``manager.run()`` -> Flask's CLI on the same arguments, with
        Flask-Script's default ``runserver`` unless a command took the name
        (``Manager.add_default_commands``; its ``shell`` is Flask's)."""
        if self.registered:
            self.refuse_bound((HELPER,), "the command wrapper")
        if not self.mains:
            return
        self.refuse_bound(MAIN_NAMES, "the __main__ block")
        for name, (module, attr) in MAIN_IMPORTS.items():
            for node in self.module.names.bound.get(name, []):
                if not _imports(node, module, attr):
                    raise _refuse(
                        node,
                        f"'{name}' is bound to something other than "
                        f"{module}{'.' + attr if attr else ''}, which the "
                        "__main__ block imports under that name",
                    )
        servers = dict(self.servers)
        if "runserver" not in self.commands:
            servers["runserver"] = (None, ["--without-threads"])
        newline = self.module.newline
        for guard, main in self.mains:
            if main.lineno == guard.lineno:
                # ``if __name__ == "__main__": manager.run()`` on one line.
                if len(guard.body) != 1 or guard.orelse:
                    raise _refuse(main, "the __main__ block shares its line")
                start, end = self.module.statement_lines(guard)
                header = self.module.text[start : self.module.span(main)[0]]
                block = main_block(
                    self.app, servers, self.renamed, "    ", "    ", newline
                )
                new = header.rstrip(" \t\f") + newline + block + newline
            else:
                start, end = self.module.statement_lines(main)
                indent = self.module.indent_of(main)
                block = main_block(
                    self.app, servers, self.renamed, indent, indent, newline
                )
                new = block + newline
            self.edits.append(Edit(start, end, new))

    def refuse_bound(self, names: tuple[str, ...], what: str) -> None:
        for name in names:
            for node in self.module.names.bound.get(name, []):
                raise _refuse(
                    node,
                    f"'{name}' is bound here, and {what} this fixer writes "
                    "needs the name: rename it first",
                )

    def check_all_uses(self) -> None:
        for use in self.module.names.loads.get(self.manager, []):
            if id(use) not in self.handled:
                raise _refuse(
                    use,
                    f"'{self.manager}' is used in a way this fixer does not convert",
                )
        for local in self.script_names:
            for use in self.module.names.loads.get(local, []):
                if local == self.script_names.get(local) == "Manager":
                    continue
                if self.script_names[local] in ("Shell", "Server", "ShowUrls"):
                    continue
                raise _refuse(use, f"'{local}' from flask_script is used")

    def remove_migrate_command(self) -> None:
        uses = self.module.names.loads.get("MigrateCommand", [])
        if len(uses) > self.migrate_commands:
            raise _refuse(
                uses[-1],
                "MigrateCommand is used other than in add_command('db', ...); "
                "Flask-Migrate 3 removed it: 'flask db' replaces it",
            )
        for node in self.module.tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == "flask_migrate":
                names = [a.name for a in node.names]
                if "MigrateCommand" not in names:
                    continue
                if names == ["MigrateCommand"]:
                    self.delete(node)
                    continue
                plan: list[Move | None] = [
                    REMOVE if a.name == "MigrateCommand" else None for a in node.names
                ]
                self.edits += rewrite_statement(
                    self.module, read_from(self.module, node), plan
                )


def _blank_lines_before(text: str, lines: LineIndex, start: int) -> list[int]:
    """Start offsets of the blank lines just before offset ``start`` (a line
    start), nearest first."""
    found = []
    line = lines.line_of(start)  # 1-based number of the line at ``start``
    while line > 1:
        begin = lines.starts[line - 2]
        if text[begin : lines.starts[line - 1]].strip():
            break
        found.append(begin)
        line -= 1
    return found


def _blank_lines_after(text: str, lines: LineIndex, end: int) -> list[int]:
    """End offsets of the blank lines from offset ``end`` (a line start) on."""
    found = []
    line = lines.line_of(end)
    while line <= len(lines.lines):
        stop = lines.starts[line]
        if text[lines.starts[line - 1] : stop].strip():
            break
        found.append(stop)
        line += 1
    return found


@functools.lru_cache(maxsize=1)
def _installed_plugins() -> dict[str, str]:
    """``flask.commands`` entry points installed where this runs (command
    name -> distribution): Flask's CLI finds them before the app's own
    commands of the same name."""
    found: dict[str, str] = {}
    if sys.version_info >= (3, 10):
        points = list(importlib.metadata.entry_points(group="flask.commands"))
    else:  # pragma: no cover - Python 3.9: a dict of groups
        points = list(importlib.metadata.entry_points().get("flask.commands", ()))
    for point in points:
        dist = getattr(point, "dist", None)
        found[point.name] = getattr(dist, "name", None) or point.value
    return found


def _imports(node: ast.AST, module: str, attr: str | None) -> bool:
    """Whether ``node`` is ``import module`` (``attr`` None) or ``from
    module import attr``, binding the name unchanged."""
    if attr is None:
        return isinstance(node, ast.Import) and any(
            a.name == module and a.asname is None for a in node.names
        )
    return (
        isinstance(node, ast.ImportFrom)
        and node.module == module
        and not node.level
        and any(a.name == attr and a.asname is None for a in node.names)
    )


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _module_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements that run at import: the body, and what ``if``/``try``/
    ``with`` blocks in it hold (not functions or classes)."""
    found: list[ast.stmt] = []
    for stmt in body:
        found.append(stmt)
        for field in ("body", "orelse", "finalbody", "handlers"):
            inner = getattr(stmt, field, None)
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                break
            if isinstance(inner, list):
                for item in inner:
                    if isinstance(item, ast.ExceptHandler):
                        found += _module_level(item.body)
                    elif isinstance(item, ast.stmt):
                        found += _module_level([item])
    return found


def _is_app_object(module: Module, name: str) -> bool:
    """Whether ``name`` is surely an application, not a factory: assigned
    from a call here (``app = Flask(__name__)``, ``app = create_app()``), or
    imported under a name that says so (``from pkg import app``)."""
    assigns = {
        id(target): stmt
        for stmt in _module_level(module.tree.body)
        if isinstance(stmt, ast.Assign)
        for target in stmt.targets
    }
    for node in module.names.bound.get(name, []):
        if isinstance(node, ast.Name):
            parent = assigns.get(id(node))
            if parent is None or not isinstance(parent.value, ast.Call):
                return False
        elif isinstance(node, ast.ImportFrom):
            alias = next(a for a in node.names if (a.asname or a.name) == name)
            if alias.name not in ("app", "application", "flask_app"):
                return False
        else:
            return False
    return True


@register("flask-script", markers=("flask_script",))
def fix(module: Module) -> list[Edit]:
    """Convert a stereotyped ``manage.py``; refuse anything else."""
    return _Converter(module).run()
