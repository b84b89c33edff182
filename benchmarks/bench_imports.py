"""What the finder costs other imports, and the first ``flask.ext`` import.

1. Unrelated imports: importing ~300 standard-library modules with the
   finder on ``sys.meta_path`` vs not, in instructions.  Goal: <= 1.005.
2. First ``import flask.ext.benchext`` after ``import flask``, minus the
   same for ``import flask_benchext`` (a fixture extension), in fresh
   processes, judged against what ``import flask`` itself costs in the same
   processes.  Goal: under 1 % of ``import flask``.

``--baseline REV`` measures a wheel built from that git revision as well, in
venvs of its own, side by side in the same run: the first-import cost of a
change is judged against what it was (issue 8 item 9: within 10 %).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from pathlib import Path

from _harness import BenchVenv
from _harness import build_wheel
from _harness import CACHE
from _harness import clean_env
from _harness import find_python
from _harness import have_valgrind
from _harness import instructions
from _harness import ROOT
from _harness import table

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

# argv: "flask" or "-" (import Flask first or not), then the module to
# import or "-".  Prints the seconds each import took, in this process.
FIRST_IMPORT = textwrap.dedent(
    """
    import sys, time, warnings
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    if sys.argv[1] != "-":
        __import__(sys.argv[1])
    middle = time.perf_counter()
    if sys.argv[2] != "-":
        __import__(sys.argv[2])
    end = time.perf_counter()
    print(middle - start, end - middle)
    """
)


def baseline_wheel(rev: str) -> Path:
    """A wheel built from ``rev`` of this repository (git archive, no checkout)."""
    out = CACHE / "baseline-dist"
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "src.tar"
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "archive",
                "--format=tar",
                "-o",
                str(archive),
                rev,
            ],
            check=True,
        )
        source = Path(tmp) / "src"
        with tarfile.open(archive) as tar:
            tar.extractall(source)  # noqa: S202 - our own repository
        return build_wheel(source, out)


def measure(
    version: str, wheels: dict[str, str], rounds: int
) -> list[tuple[list[object], list[object]]]:
    python = find_python(version)
    if python is None:
        print(f"Python {version} not found; skipped", file=sys.stderr)
        return []
    # One venv for every wheel, reinstalled in turn: paths, and so the work
    # of every import, stay the same but for the redirect itself.
    venv = BenchVenv(python, f"imports-{version}")
    venv.pip(next(iter(wheels.values())))
    ext = venv.site_packages / "flask_benchext"
    ext.mkdir()
    (ext / "__init__.py").write_text("VALUE = 1\n")
    stdlib = venv.path / "stdlib_imports.py"
    stdlib.write_text(STDLIB_SCRIPT)
    first = venv.path / "first_import.py"
    first.write_text(FIRST_IMPORT)
    return [
        measure_wheel(venv, stdlib, first, version, label, wheel, rounds)
        for label, wheel in wheels.items()
    ]


def measure_wheel(
    venv: BenchVenv,
    stdlib: Path,
    first: Path,
    version: str,
    label: str,
    wheel: str,
    rounds: int,
) -> tuple[list[object], list[object]]:
    venv.pip("--force-reinstall", "--no-deps", wheel)
    argv = [venv.python, str(stdlib)]
    venv.output("import flask_benchext, flask")  # .pyc files first
    warm = "import warnings as w; w.simplefilter('ignore'); import flask.ext.benchext"
    venv.output(warm)
    if have_valgrind():
        off = instructions(argv, FLASK_EXT_REDIRECT="0")
        on = instructions(argv)
        unrelated = [version, label, f"{off:,}", f"{on:,}", f"{on / off:.5f}"]
    else:
        unrelated = [version, label, "n/a", "n/a", "n/a"]

    def run(*args: str) -> tuple[float, float]:
        out = subprocess.run(
            [venv.python, str(first), *args],
            check=True,
            capture_output=True,
            text=True,
            env=clean_env(),
        ).stdout.split()
        return float(out[0]), float(out[1])

    # Each sample is a fresh process: the import is a first import.  The
    # variants alternate, so machine noise hits them alike.
    flask_s: list[float] = []
    alias_s: list[float] = []
    direct_s: list[float] = []
    for _ in range(rounds):
        f, a = run("flask", "flask.ext.benchext")
        flask_s.append(f)
        alias_s.append(a)
        f, d = run("flask", "flask_benchext")
        flask_s.append(f)
        direct_s.append(d)
    flask_wall = statistics.median(flask_s)
    extra_wall = statistics.median(alias_s) - statistics.median(direct_s)
    if have_valgrind():
        script = [venv.python, str(first)]
        instructions([*script, "flask", "flask.ext.benchext"])  # caches warm
        nothing = instructions([*script, "-", "-"])
        with_flask = instructions([*script, "flask", "-"])
        direct = instructions([*script, "flask", "flask_benchext"])
        alias = instructions([*script, "flask", "flask.ext.benchext"])
        flask_instr = with_flask - nothing
        extra = alias - direct
        instr_cells = [f"{flask_instr:,}", f"{extra:,}", f"{extra / flask_instr:.2%}"]
    else:
        instr_cells = ["n/a", "n/a", "n/a"]
    first_row = [
        version,
        label,
        *instr_cells,
        f"{flask_wall * 1e3:.1f} ms",
        f"{extra_wall * 1e6:.0f} us",
        f"{extra_wall / flask_wall:.2%}",
    ]
    return unrelated, first_row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", nargs="+", default=["3.13", "3.9"])
    parser.add_argument("--rounds", type=int, default=21, help="processes per variant")
    parser.add_argument(
        "--baseline", metavar="REV", help="also measure a wheel built from REV"
    )
    args = parser.parse_args()
    wheels = {"this": str(build_wheel())}
    if args.baseline:
        wheels[args.baseline] = str(baseline_wheel(args.baseline))
    results = [r for v in args.versions for r in measure(v, wheels, args.rounds)]
    print("Unrelated imports: ~300 stdlib modules, instructions, finder off vs on")
    print(table([r[0] for r in results], ["python", "wheel", "off", "on", "ratio"]))
    print()
    print(
        "First import after 'import flask', in the same fresh processes:"
        " 'import flask.ext.benchext' minus 'import flask_benchext'"
    )
    print(
        table(
            [r[1] for r in results],
            [
                "python",
                "wheel",
                "import flask (instr)",
                "first legacy import, extra (instr)",
                "÷ import flask",
                "import flask (wall)",
                "extra (wall, median)",
                "÷ import flask",
            ],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
