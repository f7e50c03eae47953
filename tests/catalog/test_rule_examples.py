"""Every rule fires on its own failing example and not on its passing one.

The examples are the ones printed by ``gaozhi catalog rules CODE`` and in docs/rules.md, so
this also keeps the documentation true. Item examples list only the relevant fields; they are
merged into a complete valid item.
"""

from __future__ import annotations

import pytest

from gaozhi_cli.catalog.rules import Rule, all_rules
from gaozhi_cli.yamldoc import parse

from .helpers import catalog_yaml, check, codes, valid_item

RUNNABLE = [r for r in all_rules().values() if not r.bad.startswith("（")]


def _document(rule: Rule, example: str) -> str:
    if rule.scope == "file":
        return example
    data = parse(example).data
    if rule.scope == "catalog":
        return catalog_yaml(*(valid_item(**dict(part)) for part in data))
    return catalog_yaml(valid_item(**dict(data)))


def test_the_valid_item_is_clean() -> None:
    assert check(catalog_yaml(valid_item())).diagnostics == []


def test_every_rule_has_runnable_examples_except_file_properties() -> None:
    described_only = {r.code for r in all_rules().values() if r.bad.startswith("（")}
    assert described_only == {"GZ007", "GZ008"}  # encodings and sizes are tested with real files


@pytest.mark.parametrize("rule", RUNNABLE, ids=lambda r: f"{r.code}-{r.name}")
def test_bad_example_fires(rule: Rule) -> None:
    assert rule.code in codes(check(_document(rule, rule.bad)))


@pytest.mark.parametrize("rule", RUNNABLE, ids=lambda r: f"{r.code}-{r.name}")
def test_good_example_passes(rule: Rule) -> None:
    assert rule.code not in codes(check(_document(rule, rule.good)))


def test_rule_metadata_is_complete() -> None:
    names = set()
    for rule in all_rules().values():
        assert rule.code.startswith("GZ") and len(rule.code) == 5
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.name not in names
        names.add(rule.name)
        assert rule.summary and rule.source and len(rule.explanation) > 20


def test_rules_are_objects_and_codes_follow_their_family() -> None:
    from gaozhi_cli.catalog.rules import FAMILY_PREFIX, Rule, schema

    assert isinstance(schema.missing_field, Rule) and schema.missing_field.code == "GZ003"
    for code, found in all_rules().items():
        assert code.startswith(FAMILY_PREFIX[found.family]), code


def test_no_rule_code_is_typed_outside_its_rule() -> None:
    """The loader and validate report file rules through their objects (schema.missing_field):
    no string that is a rule code appears in code outside the rule modules."""
    import ast
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "gaozhi_cli"
    typed = [
        f"{path.relative_to(package)}:{node.lineno}"
        for path in package.rglob("*.py")
        if "rules" not in path.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"GZ\d{3}", node.value)
    ]
    assert typed == []
