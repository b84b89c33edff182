"""Sphinx configuration: the Pallets ``flask`` theme, autodoc from the
docstrings, and nothing fetched from the network (CI builds offline with
warnings as errors, so no intersphinx).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pallets_sphinx_themes import get_version
from pallets_sphinx_themes import ProjectLink

# The checkout itself (both distributions), for autodoc, whether or not it
# is installed.
_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(_ROOT), str(_ROOT / "flask-sqlite3")]

project = "Flask-Ext-Redirect"
copyright = "The flask-ext-redirect developers"
author = "The flask-ext-redirect developers"
release, version = get_version("Flask-Ext-Redirect")

master_doc = "index"
default_role = "code"
exclude_patterns = ["_build"]
extensions = [
    "sphinx.ext.autodoc",
    "pallets_sphinx_themes",
]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True

html_theme = "flask"
html_theme_options = {"index_sidebar_logo": False}
html_context = {
    "project_links": [
        ProjectLink(
            "Source Code", "https://github.com/flask-ext-redirect/flask-ext-redirect/"
        ),
        ProjectLink(
            "Issue Tracker",
            "https://github.com/flask-ext-redirect/flask-ext-redirect/issues/",
        ),
    ]
}
html_sidebars = {
    "index": ["project.html", "localtoc.html", "searchbox.html"],
    "**": ["localtoc.html", "relations.html", "searchbox.html"],
}
singlehtml_sidebars = {"index": ["project.html", "localtoc.html"]}
html_title = f"Flask-Ext-Redirect Documentation ({version})"
html_show_sourcelink = False
# The version banner asks Read the Docs which versions exist; only there.
version_banner = "READTHEDOCS" in os.environ
