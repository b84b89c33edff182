"""Read one Jinja template with Jinja's own lexer and parser, and collect
what the knowledge base's template entries look for: calls of
``current_user`` properties, templates extended, included and imported,
macros called through an import, filters and tests used."""

from __future__ import annotations

import dataclasses
import functools

TYPE_CHECKING = False
if TYPE_CHECKING:
    import jinja2

__all__ = ["TemplateFacts", "read_template"]


@dataclasses.dataclass(frozen=True)
class Use:
    """One use in a template: what, and on which line."""

    kind: str
    name: str
    line: int
    #: kind ``attr-call``: the variable; kind ``macro``: the template that
    #: defines it.
    owner: str = ""
    #: kind ``attr-call``: called with no arguments (so a rewrite may drop
    #: the call).
    bare: bool = False


@dataclasses.dataclass
class TemplateFacts:
    """What one template file showed."""

    path: str
    uses: list[Use] = dataclasses.field(default_factory=list)
    #: Why the template could not be parsed, with its line.
    error: str | None = None
    error_line: int = 0


#: Why a template is not read where Jinja2 cannot be imported.
NO_JINJA = (
    "Jinja2 is not installed here, so templates are not read (pip install Jinja2)"
)


@functools.cache
def _environment() -> jinja2.Environment:
    # The extensions Flask and the extensions of the era switch on, so that
    # {% trans %}, {% do %} and {% break %} parse.
    import jinja2

    return jinja2.Environment(
        extensions=["jinja2.ext.i18n", "jinja2.ext.do", "jinja2.ext.loopcontrols"]
    )


def read_template(path: str, text: str) -> TemplateFacts:
    """Parse ``text`` (the template at ``path``) and collect its uses.

    :param path: for the facts and error messages.
    :param text: the template's source.
    """
    facts = TemplateFacts(path)
    # Imported here, not with the module: Jinja2 comes with Flask, but
    # migrate and doctor must still run (and say why) where it is missing.
    try:
        import jinja2
        from jinja2 import nodes
    except ImportError:
        facts.error = NO_JINJA
        return facts
    try:
        tree = _environment().parse(text, name=path, filename=path)
    except jinja2.TemplateSyntaxError as e:
        facts.error, facts.error_line = e.message or str(e), e.lineno
        return facts
    aliases: dict[str, str] = {}
    imported: dict[str, tuple[str, str]] = {}
    for node in tree.find_all(
        (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
    ):
        template = getattr(node, "template", None)
        if not (isinstance(template, nodes.Const) and isinstance(template.value, str)):
            continue
        facts.uses.append(Use("template", template.value, node.lineno))
        if isinstance(node, nodes.Import):
            aliases[node.target] = template.value
        elif isinstance(node, nodes.FromImport):
            for item in node.names:
                name, alias = item if isinstance(item, tuple) else (item, item)
                imported[alias] = (template.value, name)
    for call in tree.find_all(nodes.Call):
        target = call.node
        no_args = not (call.args or call.kwargs or call.dyn_args or call.dyn_kwargs)
        if isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name):
            variable = target.node.name
            facts.uses.append(
                Use("attr-call", target.attr, call.lineno, owner=variable, bare=no_args)
            )
            if variable in aliases:
                facts.uses.append(
                    Use("macro", target.attr, call.lineno, owner=aliases[variable])
                )
        elif isinstance(target, nodes.Name) and target.name in imported:
            template, name = imported[target.name]
            facts.uses.append(Use("macro", name, call.lineno, owner=template))
    for used in [*tree.find_all(nodes.Filter), *tree.find_all(nodes.Test)]:
        kind = "filter" if isinstance(used, nodes.Filter) else "test"
        facts.uses.append(Use(kind, used.name, used.lineno))
    return facts
