"""Benchmark for ``flask-ext-redirect doctor PATH``.

Plain script, no dependencies::

    python benchmarks/bench_doctor.py            # 10,000 files, 3 runs
    python benchmarks/bench_doctor.py --quick    # 2,000 files, 1 run

The tree is ``bench_migrate``'s generated application (10,000 modules in
folders of 100, 1% with legacy imports), with 5% of the modules also using
APIs of the era that the knowledge base knows (``before_first_request``,
``paginate(1, 20)``, ``send_file(attachment_filename=...)``, WTForms 2
names). ``doctor -j 2`` and ``migrate --check -j 2`` run side by side on the
same tree; goal: doctor <= 5 s.

A second tree where every module names something doctor knows (so the
byte prefilter lets everything through and every file is parsed) shows the
cost without the prefilter's help; it has no goal.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_migrate import CACHE  # noqa: E402
from bench_migrate import make_tree  # noqa: E402
from bench_migrate import run_cli  # noqa: E402

ERA_SNIPPETS = [
    "\n\n@app.before_first_request\ndef setup_{n}():\n    db.create_all()\n",
    "\n\ndef page_{n}(n):\n    return Post.query.paginate(n, 20, False)\n",
    "\n\nfrom flask import send_file\n\ndef dl_{n}():\n"
    "    return send_file('x', attachment_filename='x.txt', cache_timeout=0)\n",
    "\n\nfrom wtforms import TextField\nfrom wtforms.validators import Required\n"
    "\nclass F{n}(object):\n    name = TextField('Name', [Required()])\n",
    "\n\nfrom itsdangerous import TimedJSONWebSignatureSerializer as S{n}\n",
]


def add_era_uses(root: Path, share: float, seed: int = 3) -> int:
    """Append an era API use to ``share`` of the modules."""
    rng = random.Random(seed)
    modules = sorted(root.glob("pkg*/mod*.py"))
    chosen = rng.sample(modules, int(len(modules) * share))
    for n, path in enumerate(chosen):
        with open(path, "a", encoding="utf-8") as f:
            f.write(rng.choice(ERA_SNIPPETS).format(n=n))
    return len(chosen)


def make_worst(root: Path, count: int) -> None:
    """Every module names flask_sqlalchemy: nothing is skipped unread."""
    make_tree(root, count, 0.0)
    for path in root.glob("pkg*/mod*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text("from flask_sqlalchemy import SQLAlchemy\n" + text)


#: CPU seconds (workers included) of each run, by command.
CPU: dict[str, list[float]] = {"doctor": [], "migrate": []}


def run(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Our CLI in a fresh interpreter; wall-clock seconds, start-up included
    (CPU seconds go to :data:`CPU`)."""
    wall, cpu, result = run_cli(*args)
    CPU[args[0]].append(cpu)
    return wall, result


def side_by_side(tree: Path, repeat: int) -> tuple[list[float], list[float], dict]:
    doctor, check = [], []
    data: dict = {}
    for _ in range(repeat):
        seconds, result = run("doctor", "-j", "2", "--json", str(tree))
        assert result.returncode in (0, 1), result.stderr
        data = json.loads(result.stdout)
        doctor.append(seconds)
        seconds, result = run("migrate", "--check", "-q", "-j", "2", str(tree))
        assert result.returncode in (0, 1), result.stderr
        check.append(seconds)
    return doctor, check, data


def _line(label: str, times: list[float], command: str) -> str:
    runs = ", ".join(f"{t:.2f}" for t in times)
    cpu = statistics.median(CPU[command][-len(times) :])
    return (
        f"  {label:28} median {statistics.median(times):.2f} s wall ({runs}),"
        f" {cpu:.2f} s CPU"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.files, args.repeat = 2000, 1
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")

    tree = CACHE / "doctor-tree"
    legacy = make_tree(tree, args.files, 0.01)
    era = add_era_uses(tree, 0.05)
    doctor, check, data = side_by_side(tree, args.repeat)
    files = data["files"]
    print(
        f"tree: {args.files} files, {legacy} with legacy imports, {era} with"
        f" era API uses; -j 2   (goal: doctor <= 5 s)"
    )
    print(_line("doctor PATH --json", doctor, "doctor"))
    print(_line("migrate --check", check, "migrate"))
    print(
        f"  doctor read {files['scanned']} of {files['seen']} files,"
        f" {len(data['findings'])} findings;"
        " doctor / migrate --check:"
        f" {statistics.median(doctor) / statistics.median(check):.2f}\n"
    )
    ok = statistics.median(doctor) <= 5.0

    worst = CACHE / "doctor-worst"
    make_worst(worst, args.files)
    doctor, check, data = side_by_side(worst, 1)
    print(f"every file read (no help from the prefilter): {args.files} files, -j 2")
    print(_line("doctor PATH --json", doctor, "doctor"))
    print(_line("migrate --check", check, "migrate"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
