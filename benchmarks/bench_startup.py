"""Start-up cost of the .pth hook: ``python -c pass`` in a venv with the
package installed, divided by the same venv without it.  Goal: <= 1.05.

Beside it, measured in the same run and venv: a ``.pth`` holding only
``import sys`` (site.py's own price for any import line, the floor) and
setuptools' ``distutils-precedence.pth``.  Variants are made by moving
``.pth`` files in and out of site-packages, so everything else is equal.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys

from _harness import BenchVenv
from _harness import build_wheel
from _harness import find_python
from _harness import have_valgrind
from _harness import instructions
from _harness import table
from _harness import wall_time


def measure(version: str, wheel: str, rounds: int) -> list[list[object]]:
    python = find_python(version)
    if python is None:
        print(f"Python {version} not found; skipped", file=sys.stderr)
        return []
    venv = BenchVenv(python, f"startup-{version}")
    venv.pip("--no-deps", wheel, "setuptools>=60")
    sp = venv.site_packages
    parked = sp.parent / "parked-pth"
    parked.mkdir(exist_ok=True)
    for pth in venv.pth_files():
        shutil.move(str(pth), parked / pth.name)
    floor = parked / "floor.pth"
    floor.write_text("import sys\n")
    variants = {
        "bare venv": None,
        "import sys (floor)": "floor.pth",
        "setuptools distutils-precedence": "distutils-precedence.pth",
        "flask-ext-redirect": "flask_ext_redirect.pth",
    }
    argv = [venv.python, "-c", "pass"]
    counts: dict[str, int] = {}
    for label, name in variants.items():
        if name is not None:
            shutil.move(str(parked / name), sp / name)
        venv.output("pass")  # writes any .pyc first
        counts[label] = instructions(argv) if have_valgrind() else 0
        if name is not None:
            shutil.move(str(sp / name), parked / name)
    # Wall clock, interleaved: each round runs every variant once, moving its
    # .pth in place outside the timed part.
    walls: dict[str, list[float]] = {label: [] for label in variants}
    for _ in range(rounds):
        for label, name in variants.items():
            if name is not None:
                shutil.move(str(parked / name), sp / name)
            walls[label].append(wall_time(argv))
            if name is not None:
                shutil.move(str(sp / name), parked / name)
    base_count = counts["bare venv"]
    base_wall = statistics.median(walls["bare venv"])
    rows: list[list[object]] = []
    for label in variants:
        wall = statistics.median(walls[label])
        ratio = f"{counts[label] / base_count:.4f}" if base_count else "n/a"
        rows.append(
            [
                version,
                label,
                f"{counts[label]:,}",
                ratio,
                f"{wall * 1e3:.2f} ms",
                f"{wall / base_wall:.3f}",
            ]
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", nargs="+", default=["3.13", "3.9"])
    parser.add_argument(
        "--rounds", type=int, default=40, help="wall-clock runs per variant"
    )
    args = parser.parse_args()
    if not have_valgrind():
        print(
            "valgrind not found: instruction counts skipped, wall clock only",
            file=sys.stderr,
        )
    wheel = str(build_wheel())
    rows = [
        row for version in args.versions for row in measure(version, wheel, args.rounds)
    ]
    print("Start-up: python -c pass, ratio to the same venv without any .pth")
    print(
        table(
            rows,
            ["python", "variant", "instructions", "ratio", "wall median", "wall ratio"],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
