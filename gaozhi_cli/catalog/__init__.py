"""The catalogue of evidence items (附件3): model, loader, rules and validator.

from gaozhi_cli.catalog import load_catalog, validate_paths
catalog, result = load_catalog(Path("catalogs/司法局.yaml"))   # refuses a catalogue with errors
report = validate_paths([Path("catalogs")])                   # diagnostics for every file
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gaozhi_cli.catalog.model import Catalog, Item
    from gaozhi_cli.catalog.validate import CatalogHasErrors, load_catalog, validate_paths, validate_text

__all__ = ["Catalog", "CatalogHasErrors", "Item", "load_catalog", "validate_paths", "validate_text"]
# Imported when first asked for: a command that needs one module of the package (the deadline
# report, catalog.timelimit) does not pay for the models, the loader and the rules.
_HOMES = {"Catalog": "model", "Item": "model"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES.get(name, 'validate')}"), name)
