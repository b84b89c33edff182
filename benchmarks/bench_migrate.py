# ruff: noqa: E501
# (templates of generated source and of a Python 2.7/3.6 driver read best unwrapped)
"""Benchmarks for ``flask-ext-redirect migrate``.

Plain script, no dependencies::

    python benchmarks/bench_migrate.py            # everything
    python benchmarks/bench_migrate.py --quick    # smaller numbers

1. A generated tree of 10,000 modules, 1% with legacy imports: the whole run
   (walk, filter, rewrite, write) with ``-j 2``. Goal: <= 5 s on 2 cores.
2. Realistic ~10 KB modules in mixed styles, every one needing a rewrite:
   files per second, side by side with Pallets' flask-ext-migrate 1.0.1 on
   the same files. It needs CPython 3.6 (or 2.7) from pyenv; the script
   builds its venv under ``.cache/bench/`` and skips the comparison, saying
   why, when it can't.
3. Correctness of both tools on the same files and on ``tests/corpus``:
   files flask-ext-migrate crashes on, leaves with legacy imports, or turns
   into different code than ours (compared by AST, positions ignored).
4. Memory and time of ``migrate --check`` on one generated 5 MB module,
   side by side with plain ``ast.parse`` of the same file, each in a fresh
   process (peak resident memory above what the process held before).
   Goal: at most 1.5 times what ``ast.parse`` needs. ``--memory`` runs
   only this part.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "bench"
CORPUS = ROOT / "tests" / "corpus"
FEM_VERSION = "1.0.1"
PYENV_ROOT = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")

EXTS = [
    "sqlalchemy", "login", "wtf", "script", "migrate", "mail", "cache", "babel",
    "restful", "admin", "cors", "moment", "bootstrap", "pymongo", "principal",
    "uploads", "assets", "bcrypt", "httpauth", "testing", "debugtoolbar",
]  # fmt: skip


# --------------------------------------------------------------- generators


def _body(rng: random.Random, size: int, uses: list[str]) -> str:
    """Ordinary application code, about ``size`` bytes."""
    parts = []
    n = 0
    while sum(map(len, parts)) < size:
        n += 1
        kind = rng.randrange(4)
        use = rng.choice(uses) + "." if uses and rng.random() < 0.3 else ""
        if kind == 0:
            parts.append(
                f'\n\n@bp.route("/item{n}/<int:item_id>", methods=["GET", "POST"])\n'
                f"def view_{n}(item_id):\n"
                f'    """Show item {n}."""\n'
                f"    item = Item.query.get_or_404(item_id)\n"
                f"    if request.method == 'POST':\n"
                f"        item.name = request.form.get('name', item.name)\n"
                f"        db.session.commit()\n"
                f"        flash('Saved %s' % item.name)\n"
                f"        return redirect(url_for('.view_{n}', item_id=item.id))\n"
                f"    return render_template('item.html', item=item, n={n})\n"
            )
        elif kind == 1:
            parts.append(
                f"\n\nclass Model{n}(object):\n"
                f"    # A model with a few fields and helpers.\n"
                f"    fields = {{'id': int, 'name': str, 'tags': list}}\n\n"
                f"    def __init__(self, **kwargs):\n"
                f"        for key, value in kwargs.items():\n"
                f"            setattr(self, key, value)\n\n"
                f"    def to_dict(self):\n"
                f"        return dict((k, getattr(self, k, None)) for k in self.fields)\n\n"
                f"    def __repr__(self):\n"
                f"        return '<Model{n} %r>' % (self.to_dict(),)\n"
            )
        elif kind == 2:
            parts.append(
                f"\n\ndef helper_{n}(values, limit=10):\n"
                f"    total = 0\n"
                f"    for index, value in enumerate(values):\n"
                f"        if index >= limit:\n"
                f"            break\n"
                f"        try:\n"
                f"            total += int(value)\n"
                f"        except (TypeError, ValueError):\n"
                f"            continue\n"
                f"    return {{'total': total, 'count': min(len(values), limit)}}\n"
            )
        else:
            parts.append(
                f"\n\n@app.errorhandler({400 + n % 100})\n"
                f"def error_{n}(error):\n"
                f"    {use}__name__ if False else None\n"
                f"    return render_template('error.html', code={400 + n % 100}), {400 + n % 100}\n"
            )
    return "".join(parts)


_STYLES = ("from", "paren", "backslash", "try", "package", "dotted", "alias")


def legacy_module(rng: random.Random, size: int) -> str:
    """A module whose imports mix three to six legacy styles."""
    styles = rng.sample(_STYLES, rng.randint(3, 6))
    names = rng.sample(EXTS, len(styles))
    imports = ['"""Generated application module."""', "import os", ""]
    imports.append(
        "from flask import Flask, Blueprint, flash, redirect, render_template"
    )
    imports.append("from flask import request, url_for")
    uses = ["", "app = Flask(__name__)", "bp = Blueprint('bp', __name__)"]
    dotted = []
    for style, name in zip(styles, names):
        title = name.title()
        if style == "from":
            imports.append(f"from flask.ext.{name} import {title}, helpers")
            uses.append(f"{name} = {title}(app)")
        elif style == "paren":
            imports += [
                f"from flask.ext.{name} import (  # {name} support",
                f"    {title}Manager,  # the manager",
                "    current_thing,",
                ")",
            ]
            uses.append(f"{name}_manager = {title}Manager(app)")
        elif style == "backslash":
            imports += [f"from flask.ext.{name}.contrib import \\", f"    {title}View"]
            uses.append(
                f"bp.add_url_rule('/{name}', view_func={title}View.as_view('{name}'))"
            )
        elif style == "try":
            imports += [
                "try:",
                f"    from flask.ext.{name} import {title}",
                "except ImportError:",
                f"    {title} = None",
            ]
            uses.append(f"{name} = {title}(app) if {title} else None")
        elif style == "package":
            imports.append(f"from flask.ext import {name}")
            uses.append(f"{name}_ext = {name}.{title}(app)")
        elif style == "dotted":
            imports.append(f"import flask.ext.{name}")
            uses.append(f"{name}_ext = flask.ext.{name}.{title}(app)")
            dotted.append(f"flask.ext.{name}")
        else:
            imports.append(f"import flask.ext.{name} as {name}_mod")
            uses.append(f"{name}_ext = {name}_mod.{title}(app)")
    text = "\n".join(imports + uses) + "\n"
    return text + _body(rng, size - len(text), dotted) + "\n"


def plain_module(rng: random.Random, size: int) -> str:
    """A module with nothing to migrate."""
    head = (
        '"""Generated module."""\nimport os\n\n'
        "from flask import Blueprint, flash, redirect, render_template, request, url_for\n\n"
        "bp = Blueprint('bp', __name__)\n"
    )
    return head + _body(rng, size - len(head), []) + "\n"


def make_tree(root: Path, count: int, legacy_share: float, seed: int = 1) -> int:
    """``count`` modules in folders of 100, ``legacy_share`` of them legacy."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(seed)
    legacy = set(rng.sample(range(count), int(count * legacy_share)))
    plain_cache = [plain_module(rng, rng.randrange(800, 4000)) for _ in range(50)]
    for i in range(count):
        folder = root / f"pkg{i // 100:03}"
        if i % 100 == 0:
            folder.mkdir(parents=True)
            (folder / "__init__.py").write_text("")
        text = legacy_module(rng, 3000) if i in legacy else plain_cache[i % 50]
        (folder / f"mod{i:05}.py").write_text(text)
    return len(legacy)


def make_realistic(root: Path, count: int, seed: int = 2) -> list[Path]:
    """``count`` ~10 KB modules, all needing a rewrite."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = root / f"module{i:03}.py"
        path.write_text(legacy_module(rng, 10_000))
        paths.append(path)
    return paths


# --------------------------------------------------------------- runners


def run_cli(*args: str) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Our CLI in a fresh interpreter: wall-clock seconds (interpreter
    start-up included), CPU seconds (workers included), and the result."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # As installed: byte code cached, so start-up doesn't compile our modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "flask_ext_redirect", *args],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result


def ours(
    paths: list[Path], *args: str
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``migrate -q``; wall-clock seconds including interpreter start-up.

    The CPU seconds of the run (workers included) go to :data:`LAST_CPU`.
    """
    global LAST_CPU
    wall, LAST_CPU, result = run_cli("migrate", "-q", *args, *map(str, paths))
    return wall, result


#: CPU seconds of the last :func:`ours` run.
LAST_CPU = 0.0


_OUR_DRIVER = r"""
import sys, time
from flask_ext_redirect._migrate._files import migrate_file
start, cpu = time.perf_counter(), time.process_time()
for path in sys.argv[1:]:
    assert migrate_file(path, "write", "flask_").status == "changed"
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def ours_in_process(paths: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds for our per-file work alone, in one process,
    start-up not counted: the same footing as :func:`theirs`."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        [sys.executable, "-c", _OUR_DRIVER, *map(str, paths)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = result.stdout.split()
    return float(wall), float(cpu)


def fem_python() -> tuple[Path | None, str]:
    """flask-ext-migrate's interpreter, building its venv on first use."""
    venv = CACHE / "fem-venv"
    python = venv / "bin" / "python"
    if python.exists() and (venv / "ok").exists():
        return python, ""
    for version in ("3.6.15", "2.7.18"):
        base = PYENV_ROOT / "versions" / version / "bin" / "python"
        if not base.exists():
            continue
        shutil.rmtree(venv, ignore_errors=True)
        make = (
            [str(base), "-m", "venv", str(venv)]
            if version.startswith("3")
            else [str(base), "-m", "virtualenv", str(venv)]
        )
        if subprocess.run(make, capture_output=True).returncode != 0:
            continue
        pip = subprocess.run(
            [str(python), "-m", "pip", "install", "-q",
             f"flask-ext-migrate=={FEM_VERSION}", "click<8"],
            capture_output=True,
            text=True,
        )  # fmt: skip
        if pip.returncode == 0:
            (venv / "ok").write_text(version)
            return python, ""
        reason = pip.stderr.strip().splitlines()[-1:] or ["pip failed"]
        return None, f"pip install flask-ext-migrate failed: {reason[0]}"
    return None, "no CPython 3.6 or 2.7 under pyenv"


_FEM_DRIVER = r"""
import json, sys, time, traceback
from flask_ext_migrate import fix  # what its command runs on each file
clock = getattr(time, "process_time", None) or time.clock
out = {}
for path in sys.argv[2:]:
    start, cpu = time.time(), clock()
    try:
        fix(path)
        status = "ok"
    except Exception as e:
        status = "crash: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:80] if str(e) else "")
    out[path] = [status, time.time() - start, clock() - cpu]
with open(sys.argv[1], "w") as f:
    json.dump(out, f)
"""


def theirs(
    python: Path, paths: list[Path]
) -> tuple[float, float, dict[str, list[object]]]:
    """Run flask-ext-migrate in one process over the files (start-up not
    counted: the comparison favours it)."""
    report = CACHE / "fem-report.json"
    driver = CACHE / "fem_driver.py"
    driver.write_text(_FEM_DRIVER)
    subprocess.run(
        [str(python), str(driver), str(report), *map(str, paths)],
        capture_output=True,
        check=False,
    )
    data: dict[str, list[object]] = json.loads(report.read_text())
    wall = sum(float(v[1]) for v in data.values())  # type: ignore[arg-type]
    cpu = sum(float(v[2]) for v in data.values())  # type: ignore[arg-type]
    return wall, cpu, data


# --------------------------------------------------------------- correctness


def _dump(source: bytes, py2: bool) -> str | None:
    """AST without positions, from Python 3 here or Python 2.7 via pyenv."""
    if not py2:
        try:
            return ast.dump(ast.parse(source))
        except (SyntaxError, ValueError):
            return None
    python2 = PYENV_ROOT / "versions" / "2.7.18" / "bin" / "python"
    if not python2.exists():
        return "?"
    result = subprocess.run(
        [str(python2), "-c",
         "import ast, sys; print(ast.dump(ast.parse(sys.stdin.read())))"],
        input=source,
        capture_output=True,
    )  # fmt: skip
    return result.stdout.decode() if result.returncode == 0 else None


def compare(
    originals: list[Path], python: Path, work: Path, py2: set[str]
) -> dict[str, list[str]]:
    """Run both tools on copies of ``originals``; classify their results."""
    mine_dir, fem_dir = work / "ours", work / "theirs"
    for folder in (mine_dir, fem_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for path in originals:
            shutil.copy2(path, folder / path.name)
    ours([mine_dir], "--target", "flask_", "-j", "1")
    _, _, data = theirs(python, sorted(fem_dir.glob("*.py")))
    verdict: dict[str, list[str]] = {
        "crashed": [], "broken": [], "wrong": [], "missed flaskext": [],
        "ignored": [], "reformatted": [], "same": [],
    }  # fmt: skip
    for path in originals:
        name = path.name
        status = str(data.get(str(fem_dir / name), ["crash: no result"])[0])
        original = path.read_bytes()
        mine = (mine_dir / name).read_bytes()
        fem = (fem_dir / name).read_bytes()
        if status != "ok":
            verdict["crashed"].append(f"{name} ({status})")
            continue
        if mine == original:
            continue  # nothing for either tool to do
        if fem == original:
            verdict["ignored"].append(name)
            continue
        fem_tree = _dump(fem, name in py2)
        mine_tree = _dump(mine, name in py2)
        if fem_tree is None:
            verdict["broken"].append(name)
        elif fem_tree != mine_tree:
            # It never touches flaskext.*: is that the only difference?
            renamed = re.sub(rb"\bflaskext\.(\w+)", rb"flask_\1", fem)
            renamed = re.sub(
                rb"from flaskext import (\w+)", rb"import flask_\1 as \1", renamed
            )
            if _dump(renamed, name in py2) == mine_tree:
                verdict["missed flaskext"].append(name)
            else:
                verdict["wrong"].append(name)
        elif fem != mine:
            verdict["reformatted"].append(name)
        else:
            verdict["same"].append(name)
    return verdict


# --------------------------------------------------------------- upgrade

#: Old-style modules that only ``--upgrade`` touches (no flask.ext import).
UPGRADE_MODULE = """\
from flask import Markup, send_file
from werkzeug import secure_filename, generate_password_hash
from flask_wtf import Form
from wtforms import TextField, validators


class UploadForm(Form):
    name = TextField('Name', [validators.Required()])


def download(path):
    return send_file(path, attachment_filename=secure_filename(path), cache_timeout=0)


def hashed(word):
    return Markup(generate_password_hash(word))
"""


def bench_upgrade(tree: Path, repeat: int) -> None:
    """``migrate --check`` and ``migrate --upgrade --check`` side by side on
    the same (unmigrated) tree, goal: --upgrade within 1.5x; then on the
    tree with 5% of the plain modules turned into ones that only --upgrade
    rewrites (work plain migrate does not do: no goal, for information)."""
    for label in ("as generated", "+5% upgrade-only modules"):
        if label.startswith("+"):
            plain = sorted(tree.rglob("mod*.py"))[::20]
            for path in plain:
                path.write_text(UPGRADE_MODULE + path.read_text())
        plain_times, upgrade_times, plain_cpu, upgrade_cpu = [], [], [], []
        for _ in range(repeat):
            wall, result = ours([tree], "-j", "2", "--check")
            assert result.returncode in (0, 1), result.stderr
            plain_times.append(wall)
            plain_cpu.append(LAST_CPU)
            wall, result = ours([tree], "-j", "2", "--check", "--upgrade")
            assert result.returncode in (0, 1), result.stderr
            upgrade_times.append(wall)
            upgrade_cpu.append(LAST_CPU)
        plain_s = statistics.median(plain_times)
        upgrade_s = statistics.median(upgrade_times)
        plain_c = statistics.median(plain_cpu)
        upgrade_c = statistics.median(upgrade_cpu)
        goal = " (goal: <= 1.5)" if label == "as generated" else ""
        print(
            f"  --upgrade, tree {label}: migrate --check {plain_s:.2f} s wall"
            f" {plain_c:.2f} s CPU, migrate --upgrade --check {upgrade_s:.2f} s"
            f" wall {upgrade_c:.2f} s CPU; ratio {upgrade_s / plain_s:.2f} wall,"
            f" {upgrade_c / plain_c:.2f} CPU{goal}"
        )
    print()


# --------------------------------------------------------------- memory


_MEMORY_DRIVER = r"""
import ast, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
from flask_ext_redirect._migrate._files import migrate_file
data = open(path, "rb").read()
text = data.decode("utf-8")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if mode == "parse":
    tree = ast.parse(text)
    del tree
else:
    assert migrate_file(path, "check", "flask_").status == "changed"
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, (after - before) * 1024)
"""


def memory(size: int, repeat: int) -> None:
    """Peak memory and time of ``--check`` against ``ast.parse`` alone."""
    path = CACHE / "big_module.py"
    path.write_text(legacy_module(random.Random(5), size))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    results: dict[str, list[tuple[float, float]]] = {"parse": [], "check": []}
    for _ in range(repeat):
        for mode in results:  # alternating, so both see the same machine
            out = subprocess.run(
                [sys.executable, "-c", _MEMORY_DRIVER, mode, str(path)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            results[mode].append((float(out[0]), float(out[1])))
    seconds = {m: statistics.median(s for s, _ in r) for m, r in results.items()}
    peak = {m: statistics.median(b for _, b in r) for m, r in results.items()}
    mb = 1024 * 1024
    print(f"memory: one {path.stat().st_size / mb:.1f} MB module, median of {repeat}")
    print(
        f"  ast.parse:        {seconds['parse']:6.2f} s  {peak['parse'] / mb:7.0f} MB peak"
    )
    print(
        f"  migrate --check:  {seconds['check']:6.2f} s  {peak['check'] / mb:7.0f} MB peak"
    )
    print(
        f"  ratio: {peak['check'] / peak['parse']:.2f}x memory,"
        f" {seconds['check'] / seconds['parse']:.2f}x time   (goal: <= 1.5x memory)\n"
    )


# --------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--realistic", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-compare", action="store_true")
    parser.add_argument("--memory", action="store_true", help="only part 4")
    parser.add_argument("--size", type=int, default=5_000_000)
    args = parser.parse_args()
    if args.quick:
        args.files, args.realistic, args.repeat = 2000, 10, 1
        args.size = 1_000_000
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    memory(args.size, args.repeat)
    if args.memory:
        return 0

    # 1. big tree
    tree = CACHE / "tree"
    times, cpus = [], []
    for _ in range(args.repeat):
        legacy = make_tree(tree, args.files, 0.01)
        seconds, result = ours([tree], "-j", "2")
        assert result.returncode == 1, result.stderr
        times.append(seconds)
        cpus.append(LAST_CPU)
    check_seconds, _ = ours([tree], "-j", "2", "--check")
    check_cpu = LAST_CPU
    print(f"tree: {args.files} files, {legacy} legacy, -j 2   (goal: <= 5 s)")
    print(
        f"  migrate, writing {legacy} files: median {statistics.median(times):.2f} s"
        f" wall over {len(times)} runs ({', '.join(f'{t:.2f}' for t in times)}),"
        f" {statistics.median(cpus):.2f} s CPU"
    )
    print(
        f"  --check of the migrated tree:   {check_seconds:.2f} s wall,"
        f" {check_cpu:.2f} s CPU\n"
    )

    make_tree(tree, args.files, 0.01)  # unmigrated again: the same tree for both
    bench_upgrade(tree, args.repeat)

    # 2. realistic files. Rates in files per second, from the median of the
    # runs, by wall clock and by CPU time: the machine may be shared, and CPU
    # time is what contention changes least.
    source = CACHE / "realistic-src"
    paths = make_realistic(source, args.realistic)
    size = statistics.mean(p.stat().st_size for p in paths)
    n = len(paths)

    def fresh() -> Path:
        work = CACHE / "realistic-ours"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(source, work)
        return work

    rates: dict[str, tuple[float, float]] = {}
    for jobs in ("1", "2"):
        walls, cpus = [], []
        for _ in range(args.repeat):
            wall, result = ours([fresh()], "-j", jobs, "--target", "flask_")
            assert result.returncode == 1, result.stderr
            walls.append(wall)
            cpus.append(LAST_CPU)
        rates[f"-j {jobs}"] = (
            n / statistics.median(walls),
            n / statistics.median(cpus),
        )
    pairs = [ours_in_process(sorted(fresh().glob("*.py"))) for _ in range(args.repeat)]
    rates["in-process"] = (
        n / statistics.median(w for w, _ in pairs),
        n / statistics.median(c for _, c in pairs),
    )
    print(f"realistic: {n} files, {size / 1024:.1f} KB each on average")
    print("                                                wall clock    CPU time")
    labels = {
        "-j 1": "flask-ext-redirect migrate -j 1 (whole run)",
        "-j 2": "flask-ext-redirect migrate -j 2 (whole run)",
        "in-process": "flask-ext-redirect, per-file work only",
    }
    for key, label in labels.items():
        wall_rate, cpu_rate = rates[key]
        print(f"  {label:44} {wall_rate:7.1f}/s   {cpu_rate:7.1f}/s")
    if args.no_compare:
        return 0
    python, why = fem_python()
    if python is None:
        print(f"  flask-ext-migrate {FEM_VERSION}: skipped ({why})")
        return 0
    work = CACHE / "realistic-theirs"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work)
    wall, cpu, data = theirs(python, sorted(work.glob("*.py")))
    ok = sum(1 for v in data.values() if v[0] == "ok")
    fem = (n / wall, n / cpu)
    label = f"flask-ext-migrate {FEM_VERSION}, per-file work only"
    print(
        f"  {label:44} {fem[0]:7.1f}/s   {fem[1]:7.1f}/s   ({ok}/{n} without a crash)"
    )
    like = rates["in-process"]
    whole = rates["-j 1"]
    print(
        f"  speed-up, per-file work: {like[0] / fem[0]:.0f}x wall, {like[1] / fem[1]:.0f}x"
        f" CPU; whole -j 1 run against its per-file work: {whole[0] / fem[0]:.0f}x wall"
        f"   (goal: >= 20x)\n"
    )

    # 3. correctness, same files and the corpus
    print(
        "Correctness of flask-ext-migrate, judged against our output (--target"
        " flask_, the names it\nalways uses): crashed = exception; broken ="
        " output doesn't parse; wrong = different\ncode (AST); missed flaskext"
        " = right but for flaskext.* it never rewrites; ignored =\nunchanged;"
        " reformatted = same code, layout or comments lost; same = identical"
        " bytes.\n"
    )
    for label, originals, py2 in (
        ("realistic files", paths, set()),
        (
            "tests/corpus (py3 + py2)",
            sorted((CORPUS / "py3").glob("*.py"))
            + sorted((CORPUS / "py2").glob("*.py")),
            {p.name for p in (CORPUS / "py2").glob("*.py")},
        ),
    ):
        originals = [
            p
            for p in originals
            if not p.name.endswith(("_py310.py", "_py312.py"))
            or sys.version_info >= (3, 12)
        ]
        verdict = compare(originals, python, CACHE / "compare", py2)
        print(
            f"flask-ext-migrate on {label} ({len(originals)} files; ours handles all):"
        )
        for key in verdict:
            names = verdict[key]
            shown = ", ".join(names[:6]) + (" ..." if len(names) > 6 else "")
            print(f"  {key:15} {len(names):3}  {shown}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
