"""The codemod against the standard library of the running Python (issue 8
item 22): legacy names injected at many kinds of places must come out
exactly as the same file injected with the new names.

``make test`` runs a short slice; ``make fuzz-migrate`` every file of every
supported Python (see :mod:`differential`).
"""

from __future__ import annotations

import os

from .differential import run

SEED = int(os.environ.get("FLASK_EXT_FUZZ_SEED", "20260"))
COUNT = 25


def test_stdlib_differential() -> None:
    """Injected stdlib files migrate to exactly their new-name twins, byte
    for byte and as an AST, and the files as they are stay byte-identical."""
    checked, failures = run(SEED, COUNT)
    assert checked >= COUNT // 2, "too few files could be injected"
    assert not failures, f"seed {SEED}: {len(failures)} failures:\n" + "\n".join(
        failures[:30]
    )
