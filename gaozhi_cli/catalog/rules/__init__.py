"""The rule registry.

One module per rule family; each rule is a function decorated with ``@rule`` whose Chinese
docstring is its explanation (shown by ``gaozhi catalog rules CODE`` and in docs/rules.md).
Modules in this package are discovered, so adding a rule touches one module and one test.
Each family has its hundred (FAMILY_PREFIX): schema GZ0xx, numbering GZ1xx, basis GZ2xx,
wording GZ3xx, scope GZ4xx, verification GZ5xx, notice GZ6xx. ``@rule`` returns the ``Rule``;
code that reports one goes through that object (``schema.missing_field``), never its code typed.

Item rules get an ``ItemContext`` and yield ``Finding``s whose paths are relative to the item;
catalogue rules get a ``CatalogContext`` and use paths from the document root. Rules with
``scope="file"`` are reported by the loader (syntax, schema); they are registered here so
that they can be listed, selected and documented like the others.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, TypeVar

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.model import CatalogHeader, Item
from gaozhi_cli.config import Settings

Scope = Literal["file", "catalog", "item"]


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found by a rule, before it is placed in the file.

    ``needle``: a phrase inside the value; the diagnostic then points at that phrase.
    ``at``: 'value' points at the value of the last key in ``path``, 'key' at the key.
    """

    message: str
    path: tuple[str | int, ...] = ()
    at: Literal["key", "value"] = "value"
    needle: str | None = None


@dataclass(frozen=True, slots=True)
class ItemContext:
    item: Item
    header: CatalogHeader | None
    settings: Settings
    memo: dict[str, Any] = field(default_factory=dict)  # what several rules of an item share


@dataclass(frozen=True, slots=True)
class CatalogContext:
    items: list[tuple[int, Item]]  # (position in the list, item) for items that passed the schema
    header: CatalogHeader | None
    settings: Settings


Check = Callable[..., Iterable[Finding]]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    source: str
    explanation: str
    bad: str
    good: str
    scope: Scope
    check: Check | None = None
    letters_severity: Severity | None = None  # severity under ``--profile letters``
    family: str = field(default="")

    def __call__(self, context: Any) -> Iterable[Finding]:
        """Run the rule's check (item and catalogue rules; file rules are the loader's)."""
        if self.check is None:
            raise TypeError(f"{self.code} is reported by the loader, not run")
        return self.check(context)

    def severity_for(self, profile: str) -> Severity:
        if profile == "letters" and self.letters_severity is not None:
            return self.letters_severity
        return self.severity


_REGISTRY: dict[str, Rule] = {}
FAMILY_PREFIX = {
    "schema": "GZ0",
    "numbering": "GZ1",
    "basis": "GZ2",
    "wording": "GZ3",
    "scope": "GZ4",
    "verification": "GZ5",
    "notice": "GZ6",
}


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    source: str,
    bad: str,
    good: str,
    scope: Scope = "item",
    letters_severity: Severity | None = None,
) -> Callable[[F], Rule]:
    """Register the decorated function as rule ``code``; its docstring explains the rule.
    The name then holds the ``Rule``: code reports a finding through it (``schema.missing_field``),
    never by typing the code."""

    def register(check: F) -> Rule:
        if code in _REGISTRY:
            raise RuntimeError(f"rule code {code} registered twice")
        family = check.__module__.rsplit(".", 1)[-1]
        if not code.startswith(FAMILY_PREFIX.get(family, "?")):
            raise RuntimeError(
                f"rule {code} is in family {family}, whose codes start {FAMILY_PREFIX.get(family)}"
            )
        doc = (check.__doc__ or "").strip()
        made = _REGISTRY[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            summary=summary,
            source=source,
            explanation=_paragraphs(doc),
            bad=_dedent(bad).strip("\n") + "\n",
            good=_dedent(good).strip("\n") + "\n",
            scope=scope,
            check=None if scope == "file" else check,
            letters_severity=letters_severity,
            family=family,
        )
        return made

    return register


def _paragraphs(doc: str) -> str:
    """A docstring as paragraphs of unbroken Chinese text (its line breaks are only for width)."""
    blocks = [b for b in _dedent(doc).split("\n\n") if b.strip()]
    return "\n\n".join("".join(line.strip() for line in b.splitlines()) for b in blocks)


def _dedent(text: str) -> str:
    import textwrap

    first, _, rest = text.partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip() if rest else first.strip()


@cache
def all_rules() -> dict[str, Rule]:
    """Every registered rule, by code, in code order."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(_REGISTRY.items()))


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Whether ``code`` is named by any selector: a full code or a prefix (``GZ2``, ``GZ``)."""
    return any(code.startswith(s.strip().upper()) for s in selectors if s.strip())


def item_rules(enabled: Callable[[str], bool]) -> Iterator[Rule]:
    return (r for r in all_rules().values() if r.scope == "item" and enabled(r.code))


def catalog_rules(enabled: Callable[[str], bool]) -> Iterator[Rule]:
    return (r for r in all_rules().values() if r.scope == "catalog" and enabled(r.code))
