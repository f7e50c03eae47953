"""The catalogue of evidence items (附件3): model, loader, rules and validator.

from gaozhi_cli.catalog import load_catalog, validate_paths
catalog, result = load_catalog(Path("catalogs/司法局.yaml"))   # refuses a catalogue with errors
report = validate_paths([Path("catalogs")])                   # diagnostics for every file
"""

from gaozhi_cli.catalog.model import Catalog, Item
from gaozhi_cli.catalog.validate import CatalogHasErrors, load_catalog, validate_paths, validate_text

__all__ = ["Catalog", "CatalogHasErrors", "Item", "load_catalog", "validate_paths", "validate_text"]
