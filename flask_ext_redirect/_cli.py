"""The ``flask-ext-redirect`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

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


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("flask-ext-redirect")
    except Exception:  # pragma: no cover - running from a bare checkout
        return "unknown"


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
    migrate.add_argument("paths", nargs="+", metavar="PATH", help="files and folders")
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
        choices=["auto", "flask_"],
        default="auto",
        help=(
            "'auto' (default): rewrite to what is installed here;"
            " 'flask_': always use the new flask_<name> modules"
        ),
    )
    migrate.add_argument(
        "--upgrade",
        action="store_true",
        help=(
            "also rewrite what newer Flask, Werkzeug, WTForms, Flask-WTF,"
            " Jinja and MarkupSafe renamed or moved, where the rewrite cannot"
            " change behaviour (see docs/migration.rst)"
        ),
    )
    migrate.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
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
            " with PATH: 0 nothing blocks, 1 something does, 2 errors."
        ),
    )
    doctor.add_argument(
        "paths", nargs="*", metavar="PATH", help="the application's files and folders"
    )
    doctor.add_argument("--json", action="store_true", help="print JSON")
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
        default=0,
        metavar="N",
        help="with PATH: worker processes (default: 0, one per core)",
    )
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    :param argv: Arguments without the program name; ``sys.argv[1:]`` by
        default.
    :return: The exit status.
    """
    args = parser().parse_args(argv)
    try:
        if args.command == "doctor":
            if args.paths:
                from ._diagnose import main as diagnose

                return diagnose(
                    args.paths,
                    as_json=args.json,
                    flask=args.flask,
                    excludes=args.exclude,
                    jobs=args.jobs,
                    templates=args.templates,
                )
            if args.flask or args.exclude or args.templates:
                sys.stderr.write(
                    "flask-ext-redirect doctor: --flask, --exclude and --templates"
                    " need PATH\n"
                )
                return EXIT_ERROR
            from ._doctor import main as doctor

            return doctor(args.json)
        from ._migrate._runner import migrate
        from ._migrate._runner import Options
        from ._migrate._syspath import application_path

        action = "diff" if args.diff else "check" if args.check else "write"
        options = Options(
            action=action,
            target=args.target,
            jobs=args.jobs,
            excludes=args.exclude,
            quiet=args.quiet,
            upgrade=args.upgrade,
        )
        # Resolve as the application would: see _migrate/_syspath.py.
        with application_path(args.paths):
            return migrate(args.paths, options)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python
        # from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CHANGED
