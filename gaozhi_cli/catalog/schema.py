"""JSON Schema of the catalogue file, for editors (yaml-language-server speaks draft 7).

catalogs/catalog.schema.json is this output; a test keeps it in sync with the model.
"""

from __future__ import annotations

import json
from typing import Any

from gaozhi_cli.catalog.model import Catalog

DRAFT7 = "http://json-schema.org/draft-07/schema#"


def catalog_schema() -> dict[str, Any]:
    schema = Catalog.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    return {"$schema": DRAFT7, **schema}


def catalog_schema_json() -> str:
    return json.dumps(catalog_schema(), ensure_ascii=False, indent=2) + "\n"
