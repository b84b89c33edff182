"""The application's Jinja templates: found from its code (the
``template_folder`` of ``Flask(...)`` and ``Blueprint(...)``) or given,
read with Jinja's own parser, judged against the knowledge base's
``template_changes``; ``migrate --upgrade`` drops the call of the
Flask-Login members that became properties."""

from __future__ import annotations

from ._folders import python_files
from ._folders import template_files
from ._folders import template_folders
from ._judge import judge_templates
from ._judge import TemplateVerdict
from ._read import read_template
from ._read import TemplateFacts
from ._rewrite import rewrite_template

__all__ = [
    "TemplateFacts",
    "TemplateVerdict",
    "judge_templates",
    "python_files",
    "read_template",
    "rewrite_template",
    "template_files",
    "template_folders",
]
