"""What Python 2 had and Python 3 does not, where the code still parses on
Python 3: standard-library modules renamed by PEP 3108, builtins and
methods that went (the "What's New In Python 3.0" document)."""

from __future__ import annotations

#: Python 2 standard-library modules (PEP 3108 and "What's New In Python
#: 3.0"): the module -> what to import on Python 3.
STDLIB_RENAMES: dict[str, str] = {
    "urlparse": "urllib.parse",
    "urllib2": "urllib.request and urllib.error",
    "httplib": "http.client",
    "HTMLParser": "html.parser",
    "htmlentitydefs": "html.entities",
    "cookielib": "http.cookiejar",
    "Cookie": "http.cookies",
    "BaseHTTPServer": "http.server",
    "SimpleHTTPServer": "http.server",
    "CGIHTTPServer": "http.server",
    "SocketServer": "socketserver",
    "StringIO": "io (io.StringIO, io.BytesIO for bytes)",
    "cStringIO": "io (io.StringIO, io.BytesIO for bytes)",
    "cPickle": "pickle",
    "ConfigParser": "configparser",
    "Queue": "queue",
    "xmlrpclib": "xmlrpc.client",
    "SimpleXMLRPCServer": "xmlrpc.server",
    "DocXMLRPCServer": "xmlrpc.server",
    "anydbm": "dbm",
    "dbhash": "dbm.bsd",
    "dumbdbm": "dbm.dumb",
    "gdbm": "dbm.gnu",
    "whichdb": "dbm",
    "robotparser": "urllib.robotparser",
    "commands": "subprocess",
    "copy_reg": "copyreg",
    "repr": "reprlib",
    "thread": "_thread (or threading)",
    "dummy_thread": "_dummy_thread",
    "Tkinter": "tkinter",
    "tkMessageBox": "tkinter.messagebox",
    "UserDict": "collections.UserDict",
    "UserList": "collections.UserList",
    "UserString": "collections.UserString",
    "md5": "hashlib.md5",
    "sha": "hashlib.sha1",
    "sets": "the builtin set",
    "exceptions": "the builtins",
    "__builtin__": "builtins",
    "future_builtins": "the builtins",
    "new": "types",
    "mimetools": "email",
    "rfc822": "email",
    "htmllib": "html.parser",
    "sgmllib": "html.parser",
}

#: ``urllib``'s Python 2 functions, now in ``urllib.parse`` or
#: ``urllib.request``: ``from urllib import urlencode`` fails.
URLLIB_MOVES: dict[str, str] = {
    "urlencode": "urllib.parse.urlencode",
    "quote": "urllib.parse.quote",
    "quote_plus": "urllib.parse.quote_plus",
    "unquote": "urllib.parse.unquote",
    "unquote_plus": "urllib.parse.unquote_plus",
    "urlopen": "urllib.request.urlopen",
    "urlretrieve": "urllib.request.urlretrieve",
    "pathname2url": "urllib.request.pathname2url",
    "url2pathname": "urllib.request.url2pathname",
    "splittype": "urllib.parse.urlsplit",
    "basejoin": "urllib.parse.urljoin",
}

#: Builtins that Python 3 removed: the name -> what to use.
BUILTINS: dict[str, str] = {
    "xrange": "range",
    "unicode": "str",
    "basestring": "str",
    "long": "int",
    "unichr": "chr",
    "raw_input": "input",
    "reduce": "functools.reduce",
    "execfile": "exec(open(path).read())",
    "file": "open",
    "cmp": "(a > b) - (a < b), or a key function",
    "buffer": "memoryview",
    "apply": "f(*args, **kwargs)",
    "intern": "sys.intern",
    "coerce": "nothing: Python 3 does not coerce",
}

#: Methods of ``dict`` (and ``str``) that Python 3 removed: name -> what
#: to call instead.
METHODS: dict[str, str] = {
    "iteritems": "items()",
    "itervalues": "values()",
    "iterkeys": "keys()",
    "viewitems": "items()",
    "viewvalues": "values()",
    "viewkeys": "keys()",
    "has_key": "the 'in' operator (key in d)",
}

#: Constants of the ``string`` module that Python 3 removed.
STRING_CONSTANTS: dict[str, str] = {
    "letters": "string.ascii_letters",
    "lowercase": "string.ascii_lowercase",
    "uppercase": "string.ascii_uppercase",
    "maketrans": "str.maketrans",
    "join": "sep.join(words)",
    "split": "s.split()",
    "replace": "s.replace()",
    "atoi": "int()",
    "lower": "s.lower()",
    "upper": "s.upper()",
    "strip": "s.strip()",
}

#: Rich comparison methods: a class with one of them does not rely on
#: ``__cmp__`` alone.
ORDERING = frozenset({"__lt__", "__le__", "__gt__", "__ge__"})
