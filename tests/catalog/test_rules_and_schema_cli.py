"""`gaozhi catalog rules` and `gaozhi catalog schema`."""

from __future__ import annotations

import json
from pathlib import Path

from gaozhi_cli.catalog.rules import all_rules
from gaozhi_cli.yamldoc import parse

REPO = Path(__file__).resolve().parents[2]


def test_rules_table_lists_every_rule(gaozhi) -> None:
    result = gaozhi("catalog", "rules")
    assert result.exit_code == 0
    for code in all_rules():
        assert code in result.stdout


def test_one_rule_explained_with_source_and_examples(gaozhi) -> None:
    out = gaozhi("catalog", "rules", "GZ402").stdout
    assert "committee-certificate" in out and "民发〔2020〕20号" in out
    assert "不通过的写法" in out and "通过的写法" in out


def test_rule_by_name_and_unknown_rule(gaozhi) -> None:
    assert "GZ301" in gaozhi("catalog", "rules", "vague-wording").stdout
    result = gaozhi("catalog", "rules", "GZ999")
    assert result.exit_code == 2 and "没有规则“GZ999”" in result.stderr


def test_rules_json(gaozhi) -> None:
    data = json.loads(gaozhi("catalog", "rules", "--format", "json").stdout)
    assert [r["code"] for r in data] == list(all_rules())
    assert {r["scope"] for r in data} == {"file", "catalog", "item"}


def test_docs_rules_md_is_generated_from_the_registry(gaozhi) -> None:
    generated = gaozhi("catalog", "rules", "--format", "markdown").stdout
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == generated, (
        "docs/rules.md is stale: gaozhi catalog rules --format markdown > docs/rules.md"
    )


def test_schema_is_draft7_with_chinese_keys_and_resolvable_refs(gaozhi) -> None:
    schema = json.loads(gaozhi("catalog", "schema").stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert {"行政机关", "证明事项", "联络"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    item = schema["definitions"]["Item"]
    assert item["properties"]["设定依据"]["description"].startswith("设定依据")
    refs = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert refs and all(r.removeprefix("#/definitions/") in schema["definitions"] for r in refs)


def test_shipped_schema_file_is_current(gaozhi) -> None:
    shipped = REPO / "catalogs" / "catalog.schema.json"
    assert shipped.read_text(encoding="utf-8") == gaozhi("catalog", "schema").stdout, (
        "regenerate: gaozhi catalog schema -o catalogs/catalog.schema.json --force"
    )


def test_shipped_catalogues_reference_the_schema() -> None:
    for path in sorted((REPO / "catalogs").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=catalog.schema.json", path.name
        assert parse(path.read_text(encoding="utf-8")).problems == []
