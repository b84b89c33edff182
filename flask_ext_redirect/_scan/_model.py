"""What the scanner finds: plain, frozen data with exact positions."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Span:
    """Where a node is in the source text.

    Lines are 1-based; columns count characters (not the UTF-8 bytes
    ``ast`` counts); ``start`` and ``end`` are offsets into the decoded
    text, so ``text[span.start:span.end]`` is the node's source.
    """

    lineno: int
    col: int
    end_lineno: int
    end_col: int
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class Import:
    """One imported name: ``import a.b [as c]`` or ``from a import b [as c]``.

    ``module`` and ``qualname`` are canonical (see :func:`.canonical`):
    ``from flask.ext.wtf import Form`` and ``from flaskext.wtf import Form``
    both give module ``flask_wtf`` and qualname ``flask_wtf.Form``.
    """

    #: The module imported from (``import a.b``: ``a.b``); ``""`` for
    #: ``from . import x``.
    module: str
    #: The imported name for ``from`` imports (``*`` for a star import),
    #: None for ``import a.b``.
    name: str | None
    asname: str | None
    #: Leading dots of a relative import.
    level: int
    #: What the import names, canonical: ``module.name`` or ``module``.
    qualname: str
    #: The module exactly as written (``flask.ext.wtf``).
    written: str
    #: The whole statement (or the call, for ``dynamic`` imports).
    span: Span
    #: The ``name [as asname]`` part; the module string for dynamic imports.
    name_span: Span
    #: ``__import__("x")`` / ``importlib.import_module("x")``.
    dynamic: bool = False
    #: Inside a function or lambda: runs when that is called, not when
    #: the module is imported.
    deferred: bool = False
    #: Why the use may never run, or fail harmlessly, where a release
    #: lacks what it names: inside ``try`` with ``except ImportError`` (or
    #: AttributeError, TypeError, Exception, a bare except) or its handler,
    #: under an ``if`` that tests ``hasattr``/``getattr``, a version, a
    #: feature flag or ``TYPE_CHECKING``; ``""`` when unguarded.
    guard: str = ""
    #: Inside an ``if`` (or ``match``) branch: runs only when its test
    #: holds.
    conditional: bool = False


@dataclasses.dataclass(frozen=True)
class Reference:
    """A name or dotted name that resolves, through imports, to ``qualname``.

    Only the longest resolvable chain is reported: ``flask.ext.wtf.Form``
    once, as ``flask_wtf.Form``, not also ``flask``.
    """

    qualname: str
    span: Span
    #: ``"name"`` (``Markup``) or ``"attribute"`` (``flask.Markup``).
    via: str
    #: ``"load"``, ``"store"`` or ``"del"``.
    ctx: str = "load"
    #: Inside a function or lambda: runs when that is called, not when
    #: the module is imported.
    deferred: bool = False
    #: Why the use may never run, or fail harmlessly, where a release
    #: lacks what it names: inside ``try`` with ``except ImportError`` (or
    #: AttributeError, TypeError, Exception, a bare except) or its handler,
    #: under an ``if`` that tests ``hasattr``/``getattr``, a version, a
    #: feature flag or ``TYPE_CHECKING``; ``""`` when unguarded.
    guard: str = ""


@dataclasses.dataclass(frozen=True)
class Keyword:
    """A keyword argument of a call (``name`` is None for ``**kwargs``)."""

    name: str | None
    #: ``name=value`` in full.
    span: Span
    #: Just ``name`` (equal to ``span`` for ``**kwargs``).
    name_span: Span


@dataclasses.dataclass(frozen=True)
class Call:
    """A call whose callee resolves (``callee``) or is a method (``method``)."""

    callee: str | None
    #: The attribute called, when the receiver does not resolve
    #: (``x.paginate(...)``: ``"paginate"``).
    method: str | None
    span: Span
    func_span: Span
    #: Positional arguments, not counting ``*args``.
    args: int
    keywords: tuple[Keyword, ...]
    #: Whether ``*args`` or ``**kwargs`` hide further arguments.
    star_args: bool = False
    star_kwargs: bool = False
    #: Inside a function or lambda: runs when that is called, not when
    #: the module is imported.
    deferred: bool = False
    #: Why the use may never run, or fail harmlessly, where a release
    #: lacks what it names: inside ``try`` with ``except ImportError`` (or
    #: AttributeError, TypeError, Exception, a bare except) or its handler,
    #: under an ``if`` that tests ``hasattr``/``getattr``, a version, a
    #: feature flag or ``TYPE_CHECKING``; ``""`` when unguarded.
    guard: str = ""
    #: The class the receiver is an instance of, where an assignment the
    #: scanner saw says so (``app = Flask(...)``: ``flask.Flask``; ``self``
    #: in a method: its class's first resolved base, or ``local:Name`` for
    #: a class of this module with no base outside it).
    receiver_type: str | None = None
    #: The receiver as written, calls shown as ``()`` (``Post.query.filter()``);
    #: ``?`` stands for anything else.
    receiver_path: str = ""
    #: Names and attribute names the tests of the enclosing ``if``
    #: statements and conditional expressions mention (``is_json``).
    conditions: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True)
class MethodUse:
    """An attribute of an object the scanner cannot resolve, by name only
    (``app.before_first_request``, ``query.paginate(1, 20)``)."""

    name: str
    #: The whole ``receiver.name`` expression.
    span: Span
    #: Just ``name``.
    name_span: Span
    #: Positional arguments when called, else None.
    args: int | None = None
    keywords: tuple[str | None, ...] = ()
    #: Inside a function or lambda: runs when that is called, not when
    #: the module is imported.
    deferred: bool = False
    #: Why the use may never run, or fail harmlessly, where a release
    #: lacks what it names: inside ``try`` with ``except ImportError`` (or
    #: AttributeError, TypeError, Exception, a bare except) or its handler,
    #: under an ``if`` that tests ``hasattr``/``getattr``, a version, a
    #: feature flag or ``TYPE_CHECKING``; ``""`` when unguarded.
    guard: str = ""
    #: The class the receiver is an instance of, where an assignment the
    #: scanner saw says so (``app = Flask(...)``: ``flask.Flask``; ``self``
    #: in a method: its class's first resolved base, or ``local:Name`` for
    #: a class of this module with no base outside it).
    receiver_type: str | None = None
    #: The receiver as written, calls shown as ``()`` (``Post.query.filter()``);
    #: ``?`` stands for anything else.
    receiver_path: str = ""
    #: Names and attribute names the tests of the enclosing ``if``
    #: statements and conditional expressions mention (``is_json``).
    conditions: frozenset[str] = frozenset()
    #: Assigned to (``x.g = ...``), not read.
    store: bool = False


@dataclasses.dataclass(frozen=True)
class Base:
    """One base class, resolved when it can be."""

    qualname: str | None
    span: Span


@dataclasses.dataclass(frozen=True)
class ClassDef:
    """A class statement and its bases."""

    name: str
    #: From ``class`` to the end of the body.
    span: Span
    bases: tuple[Base, ...]
    #: Inside a function or lambda: runs when that is called, not when
    #: the module is imported.
    deferred: bool = False


@dataclasses.dataclass(frozen=True)
class ConfigKey:
    """A configuration key named as a string literal."""

    key: str
    #: The string literal (or keyword name, or class attribute target).
    span: Span
    #: ``"read"`` (``config["K"]``), ``"write"``, ``"delete"``, ``"get"``,
    #: ``"setdefault"``, ``"pop"``, ``"update"`` (``config.update(K=...)``,
    #: ``from_mapping`` too) or ``"class"`` (an upper-case attribute of a
    #: class whose name holds ``Config``).
    access: str
    #: Inside a function or lambda: runs when that is called, not when
    #: the module is imported.
    deferred: bool = False


@dataclasses.dataclass
class Scan:
    """Everything found in one module, each list in source order."""

    imports: list[Import] = dataclasses.field(default_factory=list)
    references: list[Reference] = dataclasses.field(default_factory=list)
    calls: list[Call] = dataclasses.field(default_factory=list)
    methods: list[MethodUse] = dataclasses.field(default_factory=list)
    classes: list[ClassDef] = dataclasses.field(default_factory=list)
    config_keys: list[ConfigKey] = dataclasses.field(default_factory=list)
    #: Module-level names bound to an instance (``app = Flask(__name__)``):
    #: name -> the class, as :attr:`Call.receiver_type`; names imported
    #: relatively map to ``from:.module.name`` for the caller to resolve.
    instances: dict[str, str] = dataclasses.field(default_factory=dict)
