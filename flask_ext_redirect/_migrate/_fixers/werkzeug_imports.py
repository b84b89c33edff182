"""``werkzeug-imports``: ``from werkzeug import X`` -> X's own module.

Werkzeug before 1.0 made every public name importable from the top-level
package through a lazy module (``werkzeug/__init__.py``'s
``all_by_module``); 0.16.0 deprecated that and 1.0.0 removed it (Werkzeug
changelog 0.16.0, 1.0.0). The names were the very objects of their
modules, so importing them from there is the same object. Where a name
moved again later (``SharedDataMiddleware``, ``DispatcherMiddleware`` to
``werkzeug.middleware`` in 0.15.0), it goes straight to where it lives
today. A name a later release removed altogether still gets its real
module, and a note says so. ``run_simple``, ``Client``, ``Request`` and
``Response`` stayed in the top-level package (Werkzeug 1.0.0
``__init__.py``) and are left alone.
"""

from __future__ import annotations

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Move

#: Where each top-level name of Werkzeug 0.x lives, from its
#: ``all_by_module`` table.
_HOMES = {
    "werkzeug.debug": "DebuggedApplication",
    "werkzeug.local": "Local LocalManager LocalProxy LocalStack release_local",
    "werkzeug.serving": "run_simple",
    "werkzeug.test": "Client EnvironBuilder create_environ run_wsgi_app",
    "werkzeug.testapp": "test_app",
    "werkzeug.exceptions": "abort Aborter",
    "werkzeug.urls": (
        "url_decode url_encode url_quote url_quote_plus url_unquote "
        "url_unquote_plus url_fix Href iri_to_uri uri_to_iri"
    ),
    "werkzeug.formparser": "parse_form_data",
    "werkzeug.utils": (
        "escape environ_property append_slash_redirect redirect "
        "cached_property import_string unescape format_string find_modules "
        "header_property html xhtml HTMLBuilder validate_arguments "
        "ArgumentValidationError bind_arguments secure_filename"
    ),
    "werkzeug.wsgi": (
        "get_current_url get_host pop_path_info peek_path_info "
        "ClosingIterator FileWrapper make_line_iter LimitedStream responder "
        "wrap_file extract_path_info"
    ),
    "werkzeug.middleware.shared_data": "SharedDataMiddleware",
    "werkzeug.middleware.dispatcher": "DispatcherMiddleware",
    "werkzeug.datastructures": (
        "MultiDict CombinedMultiDict Headers EnvironHeaders ImmutableList "
        "ImmutableDict ImmutableMultiDict TypeConversionDict "
        "ImmutableTypeConversionDict Accept MIMEAccept CharsetAccept "
        "LanguageAccept RequestCacheControl ResponseCacheControl ETags "
        "HeaderSet WWWAuthenticate Authorization FileMultiDict CallbackDict "
        "FileStorage OrderedMultiDict ImmutableOrderedMultiDict"
    ),
    "werkzeug.useragents": "UserAgent",
    "werkzeug.http": (
        "parse_etags parse_date http_date cookie_date dump_cookie "
        "parse_cookie parse_cache_control_header is_resource_modified "
        "parse_accept_header parse_set_header quote_etag unquote_etag "
        "generate_etag dump_header parse_list_header parse_dict_header "
        "parse_authorization_header parse_www_authenticate_header "
        "remove_entity_headers is_entity_header remove_hop_by_hop_headers "
        "parse_options_header dump_options_header is_hop_by_hop_header "
        "unquote_header_value quote_header_value HTTP_STATUS_CODES"
    ),
    "werkzeug.wrappers": (
        "BaseResponse BaseRequest Request Response AcceptMixin "
        "ETagRequestMixin ETagResponseMixin ResponseStreamMixin "
        "CommonResponseDescriptorsMixin UserAgentMixin AuthorizationMixin "
        "WWWAuthenticateMixin CommonRequestDescriptorsMixin"
    ),
    "werkzeug.security": "generate_password_hash check_password_hash",
}

#: Werkzeug 2.0.0 merged the mixins into ``Request``/``Response`` and made
#: ``BaseRequest``/``BaseResponse`` deprecated aliases of them; 2.1.0 removed
#: the aliases (Werkzeug changelog 2.0.0, 2.1.0).
_WRAPPERS = {
    "BaseResponse": Move("werkzeug.wrappers", "Response", needs="Werkzeug>=2.0"),
    "BaseRequest": Move("werkzeug.wrappers", "Request", needs="Werkzeug>=2.0"),
}

#: What Werkzeug 1.0 kept importable from the top-level package (and still
#: has in 3.1): nothing to move.
_KEPT = {"run_simple", "Client", "Request", "Response"}

TABLE: _moves.Table = {
    "werkzeug": {
        name: _WRAPPERS.get(
            name,
            Move(
                home,
                name,
                needs="Werkzeug>=0.15"
                if home.startswith("werkzeug.middleware")
                else "",
            ),
        )
        for home, names in _HOMES.items()
        for name in names.split()
        if name not in _KEPT
    },
    "werkzeug.wrappers": _WRAPPERS,
}


@register("werkzeug-imports", markers=("werkzeug",), quick=_moves.quick_for(TABLE))
def fix(module: Module) -> list[Edit]:
    """Import Werkzeug's names from the module that defines them."""
    edits = _moves.rewrite(module, TABLE)
    return edits
