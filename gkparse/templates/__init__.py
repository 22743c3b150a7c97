"""The national report templates as data, one module per template, behind a registry.

    >>> from gkparse import templates
    >>> [t.name for t in templates.get_templates()]
    ['2019', '2021']

Each template (``t2019``, ``t2021``) is a `Template` value built from the
spec types; the reader, the checks, the data dictionary and the JSON Schema
all read the registry, so a new national format is one new module (or one
`register` call) and no change elsewhere.
"""

from __future__ import annotations

from gkparse.templates import t2019, t2021
from gkparse.templates._index import Check, Index, KeySpec, index
from gkparse.templates._spec import Column, Crosswalk, Relation, Row, RowSum, TableSpec, Template, with_wording

_BUILTIN = (t2019.TEMPLATE, t2021.TEMPLATE)
_registry: list[Template] = list(_BUILTIN)


def get_templates() -> tuple[Template, ...]:
    """Every registered template, oldest first."""
    return tuple(_registry)


def get_template(name: str) -> Template:
    """The registered template of this name.

    Raises:
        KeyError: no template has the name.
    """
    for t in _registry:
        if t.name == name:
            return t
    raise KeyError(f"no template named {name!r}; registered: {', '.join(t.name for t in _registry)}")


def register(template: Template) -> None:
    """Add a template to the registry (after the others); every later parse reads it.

    Raises:
        ValueError: a template of that name is registered already.
    """
    if any(t.name == template.name for t in _registry):
        raise ValueError(f"a template named {template.name!r} is registered already")
    _registry.append(template)


def unregister(name: str) -> None:
    """Remove a template added with `register` (the national ones stay).

    Raises:
        ValueError: the template is a built-in one.
        KeyError: no template has the name.
    """
    t = get_template(name)
    if t in _BUILTIN:
        raise ValueError(f"template {name!r} is built in and cannot be removed")
    _registry.remove(t)


def current() -> Index:
    """The index of the registered templates."""
    return index(tuple(_registry))


def all_keys() -> tuple[KeySpec, ...]:
    """Every cell key of the data dictionary (all registered templates), in table order, each once."""
    return current().keys


__all__ = [
    "Check",
    "Column",
    "Crosswalk",
    "Index",
    "KeySpec",
    "Relation",
    "Row",
    "RowSum",
    "TableSpec",
    "Template",
    "all_keys",
    "current",
    "get_template",
    "get_templates",
    "index",
    "register",
    "unregister",
    "with_wording",
]
