"""What the finder costs other imports, and the first ``flask.ext`` import.

1. Unrelated imports: importing ~300 standard-library modules with the
   finder on ``sys.meta_path`` vs not, in instructions.  Goal: <= 1.005.
2. First ``import flask.ext.benchext`` after ``import flask``, minus the
   same for ``import flask_benchext`` (a fixture extension), in fresh
   processes.  Goal: <= 50 us.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import textwrap

from _harness import BenchVenv
from _harness import build_wheel
from _harness import clean_env
from _harness import find_python
from _harness import have_valgrind
from _harness import instructions
from _harness import table

# Modules with no side effects on import (no GUI, no test suites, nothing
# that prints or opens a browser), so every run imports the same set.
STDLIB_SCRIPT = textwrap.dedent(
    """
    import sys
    skip = ("antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo",
            "test", "lib2to3", "ensurepip", "venv", "pydoc_data", "_", "msvcrt",
            "winreg", "winsound", "nt", "_winapi", "__phello__", "xxsubtype",
            "pty", "tty", "curses", "readline", "_curses")
    try:
        names = sorted(sys.stdlib_module_names)
    except AttributeError:  # Python 3.9
        import pkgutil, sysconfig
        stdlib = sysconfig.get_paths()["stdlib"]
        names = sorted(m.name for m in pkgutil.iter_modules([stdlib]))
    names = [n for n in names if not n.startswith(skip)][:300]
    import warnings
    warnings.simplefilter("ignore")
    for name in names:
        try:
            __import__(name)
        except Exception:
            pass
    """
)

FIRST_IMPORT = textwrap.dedent(
    """
    import sys, time, warnings
    import flask
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    __import__(sys.argv[1])
    print(time.perf_counter() - start)
    """
)


def measure(
    version: str, wheel: str, rounds: int
) -> tuple[list[object], list[object]] | None:
    python = find_python(version)
    if python is None:
        print(f"Python {version} not found; skipped", file=sys.stderr)
        return None
    venv = BenchVenv(python, f"imports-{version}")
    venv.pip(wheel)
    ext = venv.site_packages / "flask_benchext"
    ext.mkdir()
    (ext / "__init__.py").write_text("VALUE = 1\n")
    stdlib = venv.path / "stdlib_imports.py"
    stdlib.write_text(STDLIB_SCRIPT)
    first = venv.path / "first_import.py"
    first.write_text(FIRST_IMPORT)
    argv = [venv.python, str(stdlib)]
    venv.output("import flask_benchext, flask")  # .pyc files first
    if have_valgrind():
        off = instructions(argv, FLASK_EXT_REDIRECT="0")
        on = instructions(argv)
        unrelated = [version, f"{off:,}", f"{on:,}", f"{on / off:.5f}"]
    else:
        unrelated = [version, "n/a", "n/a", "n/a"]
    # Each sample is a fresh process: the import is a first import.
    samples: dict[str, list[float]] = {"alias": [], "direct": []}
    for _ in range(rounds):
        for label, name in (
            ("alias", "flask.ext.benchext"),
            ("direct", "flask_benchext"),
        ):
            out = subprocess.run(
                [venv.python, str(first), name],
                check=True,
                capture_output=True,
                text=True,
                env=clean_env(),
            ).stdout
            samples[label].append(float(out))
    alias = statistics.median(samples["alias"]) * 1e6
    direct = statistics.median(samples["direct"]) * 1e6
    # For scale on this machine: the same for a module that is empty.
    empty = venv.site_packages / "empty_module_for_scale.py"
    empty.write_text("")
    venv.output("import empty_module_for_scale")
    scale = (
        statistics.median(
            float(
                subprocess.run(
                    [venv.python, str(first), "empty_module_for_scale"],
                    check=True,
                    capture_output=True,
                    text=True,
                    env=clean_env(),
                ).stdout
            )
            for _ in range(rounds)
        )
        * 1e6
    )
    if have_valgrind():
        extra = instructions(
            [venv.python, str(first), "flask.ext.benchext"]
        ) - instructions([venv.python, str(first), "flask_benchext"])
        extra_text = f"{extra:,}"
    else:
        extra_text = "n/a"
    first_row = [
        version,
        f"{direct:.0f} us",
        f"{alias:.0f} us",
        f"{alias - direct:.0f} us",
        extra_text,
        f"{scale:.0f} us",
    ]
    return unrelated, first_row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", nargs="+", default=["3.13", "3.9"])
    parser.add_argument("--rounds", type=int, default=41, help="processes per variant")
    args = parser.parse_args()
    wheel = str(build_wheel())
    results = [r for r in (measure(v, wheel, args.rounds) for v in args.versions) if r]
    print("Unrelated imports: ~300 stdlib modules, instructions, finder off vs on")
    print(table([r[0] for r in results], ["python", "off", "on", "ratio"]))
    print()
    print("First import after 'import flask': median of fresh processes")
    print(
        table(
            [r[1] for r in results],
            [
                "python",
                "import flask_benchext",
                "import flask.ext.benchext",
                "difference",
                "difference (instructions)",
                "an empty module, for scale",
            ],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
