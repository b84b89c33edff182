"""The ``flask-ext-redirect`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._config import Config

#: Exit codes, as documented in docs/migration.rst.
EXIT_CLEAN = 0
EXIT_CHANGED = 1
EXIT_ERROR = 2


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    return number


def _target(value: str) -> str | tuple[str, str]:
    """``auto``, ``flask_``, or a release pin such as ``flask==2.3``."""
    if value in ("auto", "flask_"):
        return value
    from ._migrate._releases import parse_pin

    try:
        return parse_pin(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("flask-ext-redirect")
    except Exception:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _ids(value: str) -> list[str]:
    """A comma-separated list (``--select api.flask,missing``)."""
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise argparse.ArgumentTypeError(f"an empty id in {value!r}")
    return items


def _add_config_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config",
        metavar="FILE",
        help=(
            "read [tool.flask-ext-redirect] from FILE, not from the nearest"
            " pyproject.toml above PATH"
        ),
    )
    command.add_argument(
        "--isolated",
        action="store_true",
        help="read no configuration file",
    )


class _Version(argparse.Action):
    """``--version``, reading the installed metadata only when asked (it
    costs more than the rest of the start-up)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        sys.stdout.write(f"{parser.prog} {_version()}\n")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """The argument parser, with the ``migrate`` and ``doctor`` commands."""
    root = argparse.ArgumentParser(
        prog="flask-ext-redirect",
        description="Leave old 'flask.ext' imports behind.",
    )
    root.add_argument("--version", action=_Version, nargs=0, help="show the version")
    commands = root.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    migrate = commands.add_parser(
        "migrate",
        help="rewrite flask.ext / flaskext imports in files and folders",
        description=(
            "Rewrite legacy 'flask.ext.foo' and 'flaskext.foo' imports to the"
            " module they resolve to here. Files are changed in place unless"
            " --diff or --check is given. Exit status: 0 nothing to change,"
            " 1 files changed (or would change), 2 errors."
        ),
    )
    migrate.add_argument("paths", nargs="*", metavar="PATH", help="files and folders")
    mode = migrate.add_mutually_exclusive_group()
    mode.add_argument(
        "--diff", action="store_true", help="print a unified diff, write nothing"
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a file would change (for CI)",
    )
    migrate.add_argument(
        "--target",
        type=_target,
        action="append",
        default=[],
        metavar="TARGET",
        help=(
            "'auto' (default): rewrite to what is installed here;"
            " 'flask_': always use the new flask_<name> modules;"
            " 'DIST==VERSION' (repeatable, e.g. flask==2.3): with --upgrade,"
            " the release the code will run on, instead of the installed one"
        ),
    )
    migrate.add_argument(
        "--upgrade",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=(
            "also rewrite what newer Flask, Werkzeug, WTForms, Flask-WTF,"
            " Jinja and MarkupSafe renamed or moved, where the rewrite cannot"
            " change behaviour (see docs/migration.rst); --no-upgrade turns"
            " off 'upgrade = true' of pyproject.toml"
        ),
    )
    migrate.add_argument(
        "--only",
        type=_ids,
        action="extend",
        metavar="FIXER[,FIXER]",
        help="with --upgrade: run only these fixers (repeatable)",
    )
    migrate.add_argument(
        "--skip",
        type=_ids,
        action="extend",
        metavar="FIXER[,FIXER]",
        help="with --upgrade: do not run these fixers (repeatable)",
    )
    migrate.add_argument(
        "--list-fixers",
        action="store_true",
        help="list the --upgrade fixers with what each rewrites, and exit",
    )
    migrate.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="worker processes (default: 0, one per core)",
    )
    migrate.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip paths or names matching GLOB (repeatable)",
    )
    migrate.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print errors and the summary only",
    )
    _add_config_options(migrate)
    # PATH is optional for --list-fixers alone; otherwise its absence is the
    # usual usage error.
    migrate.set_defaults(usage_error=migrate.error)

    doctor = commands.add_parser(
        "doctor",
        help=(
            "without PATH: show installed extensions, how flask.ext names"
            " resolve, and the shim; with PATH: what stops the application"
            " there on this Flask, and the fix"
        ),
        description=(
            "Without PATH: report the environment (installed extensions,"
            " where each flask.ext name resolves, whether the redirect is on)."
            " With PATH: read the application's code (never importing it) and"
            " report what stops it on the Flask installed here (or --flask),"
            " in the order it would fail, with the fix for each. Exit status"
            " with PATH: 0 nothing blocks (silenced findings aside), 1"
            " something does, 2 errors."
        ),
    )
    doctor.add_argument(
        "paths", nargs="*", metavar="PATH", help="the application's files and folders"
    )
    output = doctor.add_mutually_exclusive_group()
    output.add_argument(
        "--format",
        choices=["text", "json", "github", "sarif"],
        default=None,
        help=(
            "with PATH: text (default), json, github (workflow command"
            " annotations) or sarif (SARIF 2.1.0); without PATH: text or json"
        ),
    )
    output.add_argument("--json", action="store_true", help="same as --format json")
    doctor.add_argument(
        "--flask",
        metavar="VERSION",
        help="with PATH: judge against this Flask release, not the installed one",
    )
    doctor.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="with PATH: skip paths or names matching GLOB (repeatable)",
    )
    doctor.add_argument(
        "--templates",
        action="append",
        default=[],
        metavar="DIR",
        help=(
            "with PATH: a Jinja template folder to read besides those the code"
            " names (repeatable)"
        ),
    )
    doctor.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="with PATH: worker processes (default: 0, one per core)",
    )
    _recall_options(doctor)
    doctor.add_argument(
        "--select",
        type=_ids,
        action="extend",
        metavar="ID[,ID]",
        help=(
            "with PATH: report only findings with these ids or id prefixes"
            " (repeatable; replaces 'select' of pyproject.toml)"
        ),
    )
    doctor.add_argument(
        "--ignore",
        type=_ids,
        action="extend",
        metavar="ID[,ID]",
        help=(
            "with PATH: leave out findings with these ids or id prefixes"
            " (repeatable; adds to 'ignore' of pyproject.toml)"
        ),
    )
    _add_config_options(doctor)
    return root


def _recall_options(doctor: argparse.ArgumentParser) -> None:
    """``doctor``'s entry point and ``--run`` options."""
    doctor.add_argument(
        "--app",
        metavar="MODULE[:NAME]",
        help="with PATH: the application's entry point (found when not given)",
    )
    doctor.add_argument(
        "--run",
        metavar="MODULE[:NAME]",
        help=(
            "also import the application in a child process and GET every URL"
            " rule without arguments: THIS RUNS THE APPLICATION'S CODE"
            " (PATH defaults to '.')"
        ),
    )
    doctor.add_argument(
        "--no-requests",
        action="store_true",
        help="with --run: import only, send no requests",
    )
    doctor.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="with --run: stop the child after this long (default: 60)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    :param argv: Arguments without the program name; ``sys.argv[1:]`` by
        default.
    :return: The exit status.
    """
    args = parser().parse_args(argv)
    try:
        if args.command == "doctor":
            return _doctor(args)
        return _migrate(args)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python
        # from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CHANGED


def _error(command: str, message: str) -> int:
    sys.stderr.write(f"flask-ext-redirect {command}: {message}\n")
    return EXIT_ERROR


def _load_config(args: argparse.Namespace, command: str) -> Config | int:
    """The [tool.flask-ext-redirect] settings for this run (none with
    ``--isolated``), or the exit status when they can't be read."""
    from ._config import Config
    from ._config import ConfigError
    from ._config import load

    if args.isolated:
        if args.config:
            return _error(command, "--config and --isolated exclude each other")
        return Config()
    try:
        return load(args.paths, args.config)
    except ConfigError as e:
        return _error(command, str(e))


def _doctor(args: argparse.Namespace) -> int:
    output_format = "json" if args.json else args.format or "text"
    if args.run and not args.paths:
        args.paths = ["."]  # --run: the application in the current folder
    if not args.paths:
        given = [
            name
            for name, value in (
                ("--flask", args.flask),
                ("--exclude", args.exclude),
                ("--select", args.select),
                ("--ignore", args.ignore),
                ("--config", args.config),
                ("--jobs", args.jobs),
                ("--app", args.app),
                ("--templates", args.templates),
            )
            if value
        ]
        if output_format not in ("text", "json"):
            given.append(f"--format {output_format}")
        if given:
            verb = "needs" if len(given) == 1 else "need"
            return _error("doctor", f"{' and '.join(given)} {verb} PATH")
        from ._doctor import main as doctor

        return doctor(output_format == "json")
    config = _load_config(args, "doctor")
    if isinstance(config, int):
        return config
    from ._diagnose import main as diagnose
    from ._diagnose._ids import unknown_selectors
    from ._era import load as load_kb
    from ._era import parse_version

    select = args.select if args.select is not None else config.select or []
    ignore = [*config.ignore, *(args.ignore or ())]
    checks = [
        (config.where("select"), config.select or []),
        (config.where("ignore"), config.ignore),
        ("--select", args.select or []),
        ("--ignore", args.ignore or []),
    ]
    for where, values in checks:
        for problem in unknown_selectors(values, load_kb()):
            return _error("doctor", f"{where}: {problem}")
    flask = args.flask
    if flask is None and config.flask is not None:
        try:
            parse_version(config.flask)
        except ValueError as e:
            return _error("doctor", f"{config.where('flask')}: {e}")
        flask = config.flask
    return diagnose(
        args.paths,
        output_format=output_format,
        flask=flask,
        excludes=[*config.excludes(), *args.exclude],
        jobs=_first(args.jobs, config.jobs, 0),
        select=select,
        ignore=ignore,
        app=args.app,
        run=args.run,
        requests=not args.no_requests,
        timeout=args.timeout,
        templates=args.templates,
    )


def _first(*values: int | None) -> int:
    return next(v for v in values if v is not None)


def _migrate(args: argparse.Namespace) -> int:
    from ._migrate._selection import select as select_fixers
    from ._migrate._selection import unknown

    if not args.paths and not args.list_fixers:
        args.usage_error("the following arguments are required: PATH")
    config = _load_config(args, "migrate")
    if isinstance(config, int):
        return config
    upgrade = args.upgrade if args.upgrade is not None else bool(config.upgrade)
    if (args.only or args.skip) and not upgrade and not args.list_fixers:
        return _error(
            "migrate",
            "--only and --skip choose among the --upgrade fixers: add --upgrade",
        )
    checks = [
        (config.where("only"), config.only or []),
        (config.where("skip"), config.skip),
        ("--only", args.only or []),
        ("--skip", args.skip or []),
    ]
    for where, values in checks:
        for bad in unknown(values):
            return _error(
                "migrate",
                f"{where}: unknown fixer {bad!r} (see migrate --list-fixers)",
            )
    only = args.only if args.only is not None else config.only
    skip = args.skip if args.skip is not None else config.skip
    try:
        fixers = select_fixers(only, skip)
    except ValueError as e:
        return _error("migrate", str(e))
    if args.list_fixers:
        return _list_fixers(fixers)
    from ._migrate._runner import migrate
    from ._migrate._runner import Options
    from ._migrate._syspath import application_path

    action = "diff" if args.diff else "check" if args.check else "write"
    modes = [t for t in args.target if isinstance(t, str)]
    options = Options(
        action=action,
        target=(modes[-1] if modes else None) or config.target or "auto",
        pins=tuple(t for t in args.target if isinstance(t, tuple)),
        jobs=_first(args.jobs, config.jobs, 0),
        excludes=[*config.excludes(), *args.exclude],
        quiet=args.quiet,
        upgrade=upgrade,
        fixers=fixers if upgrade else None,
    )
    # Resolve as the application would: see _migrate/_syspath.py.
    with application_path(args.paths):
        return migrate(args.paths, options)


def _list_fixers(selected: frozenset[str] | None) -> int:
    """``--list-fixers``: id, whether it runs with the options given, and
    what it rewrites."""
    from ._migrate._selection import describe

    described = describe()
    width = max(len(i) for i in described)
    for fixer_id, text in described.items():
        state = "on " if selected is None or fixer_id in selected else "off"
        sys.stdout.write(f"{fixer_id:<{width}}  {state}  {text}\n")
    return EXIT_CLEAN
