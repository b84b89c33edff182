"""Run every benchmark in turn (``make bench``); each prints its own table.

Pass names to run some: ``python benchmarks/run.py startup imports``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    wanted = set(sys.argv[1:])
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        name = script.stem[len("bench_") :]
        if wanted and name not in wanted:
            continue
        print(f"== {name} ==", flush=True)
        failed |= subprocess.run([sys.executable, str(script)], cwd=HERE).returncode
        print(flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
