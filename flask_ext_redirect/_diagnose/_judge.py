"""Turn what the files showed into findings, against what is installed."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from collections.abc import Sequence

from .._era import Api
from .._era import Extension
from .._era import is_at_least
from .._era import KnowledgeBase
from .._names import candidates
from ._environment import Environment
from ._match import GOVERNED_BY
from ._match import owner_of
from ._model import FileFacts
from ._model import Finding
from ._model import ImportFact
from ._model import Use
from ._recall import recall

#: Extensions marked dead stop working from this Flask release on (the
#: knowledge base records their state on Flask 2.x/3.x).
DEAD_FROM = "2.0.0"
#: Top-level modules of the standard library and the project's own never
#: count as missing.
_SELF = frozenset({"flask_ext_redirect", "flask_sqlite3", "flaskext"})
UPGRADE_NOTE = "migrate --upgrade fixes this"
#: What importing a module brings along: an object of these libraries
#: reaches code through it (``flask.request.user_agent`` is Werkzeug's).
_REQUIRES = {
    "flask": ("werkzeug", "jinja2", "markupsafe", "itsdangerous", "click"),
    "flask_wtf": ("wtforms",),
    "flask_sqlalchemy": ("sqlalchemy",),
}
_PIP_INSTALL = re.compile(r"pip install ([A-Za-z_][A-Za-z0-9_]*)\b(?![-.\[])")
# A changed default or a config key that is now ignored stops the
# application when the changelog says it now raises, or that data is lost;
# otherwise it changes behaviour, which doctor reports as a warning.
_STOPS = re.compile(r"\braises?\b|Error\b|not callable|\blost\b")


def stops(api: Api) -> bool:
    """Whether using an entry on a release without it stops the application
    (every removed name does; a changed default or an ignored config key
    only when it raises or loses data)."""
    if api.kind not in ("default", "config"):
        return True
    return _STOPS.search(api.why) is not None


def _when(deferred: bool, breaks_on: str | None) -> str:
    """Import-time code fails at import; code in functions when called,
    which for a web application means when a request comes."""
    if deferred or breaks_on == "request":
        return "request"
    return "import"


def _with_note(fix: str, ext: Extension) -> str:
    """A dead extension's replacement, with its note (what migrate
    --upgrade does about it) where it has one."""
    return f"{fix} ({ext.note})" if ext.note else fix


def _within(name: str, module: str | None) -> bool:
    """Whether ``name`` is ``module`` or something inside it."""
    return module is not None and (name == module or name.startswith(module + "."))


def _breaks_on(api: Api, version: str | None) -> str:
    """When the entry fails on ``version`` (None: a fresh install, the
    newest release)."""
    if api.request_from and (version is None or is_at_least(version, api.request_from)):
        return "request"
    return api.breaks_on


class Judge:
    """Findings for one project.

    :param kb: The knowledge base.
    :param env: Installed versions (and ``--flask``).
    :param local: Top-level module names the scanned tree itself provides.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        env: Environment,
        local: set[str],
        *,
        static: bool = False,
    ) -> None:
        self.kb = kb
        self.env = env
        self.local = local
        #: The tree has a ``static`` folder (an application serves it).
        self.static = static
        #: ``module.name`` of the project's own modules -> the class of the
        #: instance bound there (``app.app`` -> ``flask.Flask``).
        self.exports: dict[str, str] = {}
        #: Top-level packages of the libraries the knowledge base knows:
        #: a class of theirs is known, and known not to be another's.
        self.roots = frozenset(a.module.partition(".")[0] for a in kb.apis) | frozenset(
            e.module.partition(".")[0] for e in kb.extensions
        )
        #: Module root -> the distribution a knowledge-base API says owns it.
        self.projects: dict[str, str] = {}
        for api in kb.apis:
            self.projects.setdefault(api.module.partition(".")[0], api.project)
        self.findings: list[Finding] = []

    # ---------------------------------------------------------------- files

    def run(
        self, files: Sequence[FileFacts], mentioned: Iterable[str] = ()
    ) -> list[Finding]:
        """All findings, in report order.

        :param mentioned: Modules some file of the project names, read or
            not (method names count only where their owner's module is).
        """
        mentioned = set(mentioned)
        imported = {
            fact.qualname.partition(".")[0] for f in files for fact in f.imports
        }
        imported.update(mentioned)
        for module, requires in _REQUIRES.items():
            if module in imported:
                imported.update(requires)
        for facts in files:
            for name, kind in facts.instances.items():
                for module in _module_names(facts.path):
                    self.exports[f"{module}.{name}"] = _absolute(kind, facts.path)
        for facts in files:
            self.file_errors(facts)
            self.apis(facts, imported)
        self.extensions(files)
        if any(f.creates_app for f in files):
            # A library creates no app: no config of its own to default.
            self.defaults(files, imported, mentioned)
        self.bad_distributions()
        self.findings.extend(recall(self, files, imported))
        return sorted(self.findings, key=Finding.sort_key)

    def file_errors(self, facts: FileFacts) -> None:
        if facts.error is None:
            return
        if facts.python2:
            self.findings.append(
                Finding(
                    severity="blocker",
                    when="import",
                    kind="python2",
                    subject=facts.path,
                    title="Python 2 source: Flask 2.0 and later run on Python 3 only",
                    why=facts.error,
                    fix=(
                        "port the file to Python 3 (2to3, in Python 3.12 and"
                        " older, does the mechanical part); 'migrate' already"
                        " rewrites its flask.ext imports, and doctor reads the"
                        " rest of it once it parses"
                    ),
                    path=facts.path,
                    line=facts.error_line,
                )
            )
            return
        self.findings.append(
            Finding(
                severity="warning",
                when="import",
                kind="unreadable",
                subject=facts.path,
                title="not read: " + facts.error,
                why=(
                    "doctor reads what the Python it runs on parses (newer"
                    " syntax needs a newer Python)"
                ),
                fix=(
                    "fix the file, or run doctor on the Python the application runs on"
                ),
                path=facts.path,
                line=facts.error_line,
            )
        )

    def apis(self, facts: FileFacts, imported: set[str]) -> None:
        by_api: dict[str, list[tuple[str, Use]]] = {}
        for use in facts.uses:
            if use.needs and use.needs not in imported:
                continue  # a method name of something else
            if use.guard:
                continue  # the code already copes with either release
            doubt = self.doubt(use, facts.path)
            if doubt is None:
                continue  # the receiver is some other class's object
            by_api.setdefault(use.api, []).append((doubt, use))
        found: list[Finding] = []
        for api_id, doubted in by_api.items():
            api = self.kb.api(api_id)
            # The surest use first, then the first to fail.
            doubted.sort(key=lambda d: (d[0] != "", d[1].deferred, d[1].line, d[1].col))
            doubt, first = doubted[0]
            uses = [u for _, u in doubted]
            finding = self.api_finding(api, first.deferred, doubt)
            if finding is None:
                continue
            finding.path = facts.path
            finding.line = first.line
            finding.col = first.col
            finding.code = facts.lines.get(first.line, "")
            finding.also = sorted({u.line for u in uses[1:]} - {first.line})
            found.append(finding)
        # ``from werkzeug.contrib.fixers import ProxyFix`` meets both the
        # entry for the module and the one for the name: the name's, with
        # its own fix, says it all.
        subjects = {(f.line, f.subject) for f in found}
        self.findings.extend(
            f
            for f in found
            if not any(
                line == f.line and other.startswith(f.subject + ".")
                for line, other in subjects
            )
        )

    def doubt(self, use: Use, path: str) -> str | None:
        """Why doctor cannot be sure a use is the entry's (``""``: it is
        sure; None: it is sure it is not, the receiver being an object of
        another class)."""
        if not use.receiver:
            return use.doubt
        owner = owner_of(self.kb.api(use.api))
        if owner is None:
            return use.doubt
        ref = use.receiver_ref
        typed = self.class_of(use.receiver_type, ref, path)
        if typed is None and ref is not None:
            root = ref.partition(".")[0]
            if ref in self.roots:
                return None  # ``flask.g``: a module's own name, not an object's
            if root not in self.local and _is_class_name(ref):
                # ``Link.from_json(...)`` on a class another library
                # defines: the class, not an object of the API's.
                return None
        if typed is None:
            return _join(
                f"'{use.receiver}' is not known to be a {owner} object: doctor"
                " matched the name only",
                use.doubt,
            )
        if _same_class(typed, owner):
            return use.doubt
        if typed.startswith("local:") or (
            typed.partition(".")[0] in self.roots and _is_class_name(typed)
        ):
            return None
        return _join(
            f"'{use.receiver}' is made by {typed}, which doctor cannot tell"
            f" to be a {owner}",
            use.doubt,
        )

    def class_of(self, typed: str | None, ref: str | None, path: str) -> str | None:
        """The class of a receiver, followed through the project's own
        modules: ``from .app import app`` to ``app = Flask(...)`` there,
        ``create_app()`` to the Flask its body returns."""
        for _ in range(6):  # a chain of modules, each importing the next
            if typed is not None:
                if typed.startswith("from:"):
                    typed, ref = None, typed
                    continue
                if typed.startswith("local:") or _is_class_name(typed):
                    return typed
                # Made by a function: what the project's function returns.
                found = self.exports.get(typed.removesuffix("()"))
                if found is None or not found.startswith("returns:"):
                    return typed
                typed = found[len("returns:") :]
                continue
            if ref is None:
                return None
            ref = _absolute(ref, path)
            if ref.startswith("from:"):
                return None
            called = ref.endswith("()")
            found = self.exports.get(ref.removesuffix("()"))
            if found is None or found.startswith("returns:") != called:
                return None
            typed, ref = found[len("returns:") :] if called else found, None
        return typed

    def api_finding(self, api: Api, deferred: bool, doubt: str = "") -> Finding | None:
        if self.cured(api):
            return None
        version = self.env.version(api.project)
        where = f"{api.project} {api.removed}"
        fix = api.replacement
        mechanical = api.fix == "mechanical"
        if mechanical:
            fix = f"{fix} ({UPGRADE_NOTE})"
        what = _describe(api)
        verb = "changed" if api.kind in ("default", "config") else "removed"
        if version is None:
            title = (
                f"{what}: {verb} in {where}; {api.project} is not installed,"
                " and a fresh install has the change"
            )
            why = api.why
            severity = "blocker" if stops(api) else "warning"
        elif is_at_least(version, api.removed):
            title = f"{what}: {verb} in {where} (here: {version})"
            why = api.why
            severity = "blocker" if stops(api) else "warning"
        else:
            title = f"{what}: breaks on {where} (here: {version}, still works)"
            why = api.why
            severity = "warning"
        if doubt:
            severity = "warning"
            title += "; not sure: " + doubt
        if api.kind == "default":
            kind = "changed-default"
        elif api.kind == "config":
            kind = "removed-config"
        elif severity == "blocker":
            kind = "removed-api"
        else:
            kind = "deprecated-api"
        return Finding(
            severity=severity,
            when=_when(deferred, _breaks_on(api, version)),
            kind=kind,
            subject=api.id,
            title=title,
            why=why,
            fix=fix,
            mechanical=mechanical,
            source=api.source,
            doubt=doubt,
        )

    def cured(self, api: Api) -> bool:
        """Whether the entry's own remedy, "pip install <module>", is
        already installed (WTForms' Email with email_validator)."""
        match = _PIP_INSTALL.match(api.replacement)
        return match is not None and self.env.importable(match.group(1))

    # ----------------------------------------------------------- extensions

    def extensions(self, files: Sequence[FileFacts]) -> None:
        """Each imported extension (and companion library): installed, and
        alive on this Flask?"""
        first: dict[str, tuple[FileFacts, ImportFact, list[int]]] = {}
        for facts in files:
            order = sorted(
                facts.imports, key=lambda f: (f.conditional, f.deferred, f.line)
            )
            for fact in order:
                if fact.guard:
                    continue  # an optional import: the code copes without it
                key = self.module_key(fact)
                if key is None:
                    continue
                if key in first and first[key][0] is facts:
                    first[key][2].append(fact.line)
                elif key not in first or _later(first[key][1], fact):
                    first[key] = (facts, fact, [])
        for key, (facts, fact, also) in first.items():
            finding = self.extension_finding(key, fact)
            if finding is None:
                continue
            if fact.conditional:
                finding.severity = "warning"
                finding.doubt = (
                    "imported only where an 'if' holds, which doctor cannot"
                    " tell will happen"
                )
                finding.title += "; not sure: " + finding.doubt
            finding.path = facts.path
            finding.line = fact.line
            finding.col = fact.col
            finding.code = facts.lines.get(fact.line, "")
            finding.also = sorted(set(also) - {fact.line})
            self.findings.append(finding)

    def module_key(self, fact: ImportFact) -> str | None:
        """The top-level module an import needs, when doctor knows it: an
        extension (``flask_*``, or in the knowledge base) or a library the
        knowledge base has entries for."""
        root = fact.qualname.partition(".")[0]
        if root in self.local or root in _SELF or not root.isidentifier():
            return None
        ext = self.kb.extension_for_module(fact.qualname)
        if ext is not None and ext.status == "partial":
            # The submodule that fails is judged apart from the rest.
            if _within(fact.qualname, ext.fails_at):
                return str(ext.fails_at)
        if root.startswith("flask_") or root in self.projects:
            return root
        if ext is not None:
            return root
        return None

    def extension_finding(self, root: str, fact: ImportFact) -> Finding | None:
        ext = self.kb.extension_for_module(root)
        if ext is None and root.startswith("flask_"):
            ext = self.kb.extension_for_module("flask.ext." + root[len("flask_") :])
        top = root.partition(".")[0]  # a partial extension's failing submodule
        if not self.module_found(top):
            return self.missing(top, ext, fact)
        if ext is None:
            return None
        flask = self.env.version("Flask")
        if ext.status == "dead" and (flask is None or is_at_least(flask, DEAD_FROM)):
            return Finding(
                severity="blocker",
                when=_when(fact.deferred, ext.breaks_on or "import"),
                kind="dead-extension",
                subject=ext.module,
                title=(
                    f"{ext.distribution} ({ext.module}) does not work on"
                    f" Flask {flask or '2.0 and later'}"
                ),
                why=ext.why or "no release works with Flask 2.x/3.x",
                fix=_with_note(ext.replacement or "remove it", ext),
                source=ext.source,
            )
        if ext.status == "partial" and root == ext.fails_at:
            return Finding(
                severity="blocker",
                when=_when(fact.deferred, "import"),
                kind="dead-extension",
                subject=ext.module,  # its id stays ext.<module>
                title=(
                    f"{ext.fails_at} ({ext.distribution}) does not import on"
                    f" Flask {flask or '2.0 and later'}"
                ),
                why=ext.why or "",
                fix=_with_note(ext.replacement or "do not import it", ext),
                source=ext.source,
            )
        installed = self.env.version(ext.distribution)
        if (
            ext.works_from
            and installed is not None
            and not is_at_least(installed, ext.works_from)
        ):
            return Finding(
                severity="blocker",
                when=_when(fact.deferred, "import"),
                kind="old-extension",
                subject=ext.module,
                title=(
                    f"{ext.distribution} {installed} is too old for Flask"
                    f" {flask or '2.x/3.x'}: releases from {ext.works_from} work"
                ),
                why=ext.note
                or f"{ext.distribution} before {ext.works_from}"
                " relies on what later Flask releases removed",
                fix=f"pip install -U '{ext.install or ext.distribution}"
                f">={ext.works_from}'",
                source=ext.source,
            )
        return None

    def module_found(self, root: str) -> bool:
        if root == "flask" and self.env.flask_override:
            return True  # judged against --flask, wherever doctor runs
        if self.env.importable(root):
            return True
        if root.startswith("flask_"):
            # flask.ext.foo also resolves to flaskext.foo.
            legacy = candidates(root[len("flask_") :])[1]
            return self.env.importable(legacy)
        return False

    def missing(self, root: str, ext: Extension | None, fact: ImportFact) -> Finding:
        if ext is not None:
            install = ext.install or ext.distribution
            extra = ""
            if ext.status == "dead":
                extra = "; but it does not work on Flask 2.x/3.x: " + _with_note(
                    ext.replacement or "remove it", ext
                )
            elif ext.status == "yanked":
                extra = (
                    f" (every release of {ext.distribution} is yanked: only an"
                    " exact pin installs; that release works)"
                )
            fix = f"pip install {install}{extra}"
            if ext.status == "dead" and ext.breaks_on == "install":
                fix = (
                    f"{ext.distribution} does not install beside Flask 2.x/3.x"
                    f" ({ext.why}): " + _with_note(ext.replacement or "remove it", ext)
                )
            source = ext.source
        elif root in self.projects:
            fix = f"pip install {self.projects[root]}"
            source = ""
        else:
            fix = (
                f"install the distribution that provides '{root}' (the"
                " knowledge base does not know it; Flask extensions are"
                f" usually named Flask-{_title(root)})"
            )
            source = ""
        written = fact.written if fact.written != fact.qualname else ""
        why = f"no module named '{root}' is installed here"
        if written.startswith(("flask.ext", "flaskext")):
            why += f" ('{written}' resolves to it)"
        return Finding(
            severity="blocker",
            when=_when(fact.deferred, "import"),
            kind="missing-module",
            subject=root,
            title=f"{root} is imported but not installed",
            why=why,
            fix=fix,
            source=source,
        )

    # ------------------------------------------------- project-wide entries

    def defaults(
        self, files: Sequence[FileFacts], imported: set[str], mentioned: set[str]
    ) -> None:
        """Changed defaults named by a config key: they bite where the
        application never names the key (any mention counts: config modules,
        ``from_object``, settings read from the environment)."""
        keys: set[str] = set(mentioned)
        for facts in files:
            keys |= facts.config_keys
        for api in self.kb.apis:
            if api.kind != "default" or not api.name or not api.name.isupper():
                continue
            root = api.module.partition(".")[0]
            if root not in imported or api.name in keys:
                continue
            governed = GOVERNED_BY.get(api.id)
            if governed is not None and not any(
                (g == "static" and self.static)
                or (g.startswith("config:") and g[len("config:") :] in keys)
                or any(g in f.used for f in files)
                for g in governed
            ):
                continue  # the code uses nothing the default governs
            place = _first_import(files, root)
            finding = self.api_finding(api, False)
            if finding is None:
                continue
            finding.when = "request" if api.breaks_on == "request" else "import"
            finding.title += f"; the application never sets {api.name}"
            if place is not None:
                facts, fact = place
                finding.path = facts.path
                finding.line = fact.line
                finding.col = fact.col
                finding.code = facts.lines.get(fact.line, "")
            self.findings.append(finding)

    def bad_distributions(self) -> None:
        for bad in self.kb.bad_distributions:
            if not (
                self.env.installed(bad.distribution)
                and self.env.installed(bad.conflicts_with)
            ):
                continue
            self.findings.append(
                Finding(
                    severity="blocker",
                    when="install",
                    kind="bad-distribution",
                    subject=bad.distribution,
                    title=(
                        f"{bad.distribution} {self.env.version(bad.distribution)}"
                        f" is installed beside {bad.conflicts_with}"
                        f" {self.env.version(bad.conflicts_with)}"
                    ),
                    why=bad.why,
                    fix=bad.fix,
                    source=bad.source,
                )
            )


def _later(seen: ImportFact, other: ImportFact) -> bool:
    """Whether an import fails after ``other`` would: a conditional one
    after an unconditional one, one in a function after one at import."""
    return (seen.conditional, seen.deferred) > (other.conditional, other.deferred)


def _module_names(path: str) -> list[str]:
    """The dotted names a file may be imported by: ``a/b/c.py`` as
    ``c``, ``b.c`` and ``a.b.c``; a package's ``__init__.py`` by the
    package's."""
    parts = [p for p in path.replace(os.sep, "/").split("/") if p not in ("", ".")]
    if not parts or not parts[-1].endswith(".py"):
        return []
    parts[-1] = parts[-1][: -len(".py")]
    if parts[-1] == "__init__":
        parts.pop()
    names = []
    for start in range(len(parts) - 1, -1, -1):
        chunk = parts[start:]
        if not all(p.isidentifier() for p in chunk):
            break
        names.append(".".join(chunk))
    return names


def _absolute(ref: str, path: str) -> str:
    """``from:.models.db`` in ``app/views.py`` as ``app.models.db`` (the
    longest dotted name; lookups go by every suffix of it); other
    references unchanged."""
    if not ref.startswith("from:"):
        return ref
    relative = ref[len("from:") :]
    level = len(relative) - len(relative.lstrip("."))
    names = _module_names(path)
    if not names:
        return ref
    package = names[-1].split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    if level - 1 > len(package):
        return ref
    package = package[: len(package) - (level - 1)]
    return ".".join([*package, relative[level:]]) if package else relative[level:]


def _same_class(typed: str, owner: str) -> bool:
    """``flask.app.Flask`` is ``flask.Flask``; Flask's Request is
    Werkzeug's: same class name, same library family."""
    family = {"werkzeug": "flask"}
    a_root, b_root = typed.partition(".")[0], owner.partition(".")[0]
    return typed.rpartition(".")[2] == owner.rpartition(".")[2] and family.get(
        a_root, a_root
    ) == family.get(b_root, b_root)


def _is_class_name(dotted: str) -> bool:
    return dotted.rpartition(".")[2][:1].isupper()


def _join(*reasons: str) -> str:
    return "; ".join(r for r in reasons if r)


def _first_import(
    files: Iterable[FileFacts], root: str
) -> tuple[FileFacts, ImportFact] | None:
    found = [
        (fact.deferred, facts.path, fact.line, facts, fact)
        for facts in files
        for fact in facts.imports
        if fact.qualname.partition(".")[0] == root
    ]
    if not found:
        return None
    best = min(found, key=lambda item: item[:3])
    return best[3], best[4]


def _describe(api: Api) -> str:
    """How the report names an entry: ``flask.Flask.before_first_request``,
    ``send_file(attachment_filename=...)``, config ``KEY``."""
    if api.kind == "keyword":
        return f"{api.owner}({api.name}=...)"
    if api.kind in ("config", "default") and api.name and api.name.isupper():
        return f"config {api.name} ({api.project})"
    if api.kind == "default" and api.name and not api.id.endswith(api.name):
        # ``flask_sqlalchemy.Query.paginate.positional``: the entry's id
        # names the owner; the last part says what changed.
        return api.id.rpartition(".")[0]
    if api.owner:
        return f"{api.owner}.{api.name}"
    if api.name:
        return f"{api.module}.{api.name}"
    return api.module


def _title(module: str) -> str:
    """``flask_foo_bar`` as a distribution is usually named: ``Foo-Bar``."""
    return "-".join(p.title() for p in module[len("flask_") :].split("_"))
