"""``python -m flask_ext_redirect``."""

from __future__ import annotations

from ._cli import main

raise SystemExit(main())
