"""The ids of the ``migrate --upgrade`` fixers, in one place.

The knowledge base names a fixer for every API change it marks as
mechanical; the loader refuses a name that is not listed here, and each
fixer module registers itself under one of these ids.
"""

from __future__ import annotations

__all__ = ["FIXER_IDS"]

FIXER_IDS: tuple[str, ...] = (
    # flask.ext.foo -> flask_foo: what plain ``migrate`` always does
    "flask-ext",
    # flask_wtf.Form -> flask_wtf.FlaskForm
    "flask-wtf-form",
    # flask_wtf.csrf.CsrfProtect -> CSRFProtect, flask_wtf.html5 -> wtforms
    "flask-wtf-renames",
    # TextField -> StringField, validators.Required -> DataRequired, ...
    "wtforms-renames",
    # from werkzeug import secure_filename -> werkzeug.utils, ...
    "werkzeug-imports",
    # werkzeug.contrib.fixers.ProxyFix -> werkzeug.middleware.proxy_fix, ...
    "werkzeug-contrib",
    # flask.Markup / jinja2.Markup / flask.escape -> markupsafe
    "markupsafe-imports",
    # send_file(attachment_filename=, cache_timeout=, add_etags=) and
    # send_from_directory(filename=) -> the new keyword names
    "send-file-kwargs",
    # jinja2 contextfunction/contextfilter/... -> pass_context/...
    "jinja2-pass-decorators",
    # werkzeug.security.safe_str_cmp -> hmac.compare_digest
    "safe-str-cmp",
    # a stereotyped Flask-Script manage.py -> Flask's own CLI
    "flask-script",
)
