"""The catalogues we ship validate clean; the bad example shows the mistakes it documents."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_shipped_catalogues_are_clean_even_for_letters(gaozhi) -> None:
    result = gaozhi(
        "catalog", "validate", "--strict", "--profile", "letters", "-f", "json", REPO / "catalogs"
    )
    data = json.loads(result.stdout)
    assert result.exit_code == 0, data["diagnostics"][:5]
    assert data["summary"]["files"] >= 5 and data["summary"]["items"] >= 40


def test_example_versions_are_clean(gaozhi) -> None:
    assert gaozhi("catalog", "validate", "--strict", REPO / "examples" / "catalog-versions").exit_code == 0


def test_bad_example_shows_the_real_world_mistakes(gaozhi) -> None:
    result = gaozhi("catalog", "validate", "-f", "json", REPO / "examples" / "bad-catalog")
    assert result.exit_code == 1
    found = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert {"GZ101", "GZ201", "GZ203", "GZ204", "GZ301", "GZ401", "GZ402", "GZ502", "GZ602"} <= found
    assert {"GZ207", "GZ208", "GZ210"} <= found
    # every code the comments promise ("→ GZ301") is reported
    import re

    promised = set()
    for path in (REPO / "examples" / "bad-catalog").glob("*.yaml"):
        promised |= set(re.findall(r"→ (GZ\d{3})", path.read_text(encoding="utf-8")))
    assert promised and promised <= found
