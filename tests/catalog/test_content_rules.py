"""GZ1xx numbering. The other content families have their own files: test_wording_rules.py,
test_scope_rules.py, test_verification_rules.py, test_notice_rules.py."""

from __future__ import annotations

from .helpers import catalog_yaml, check, codes, only, valid_item


def _items(*purposes: str, seqs: tuple[int, ...] | None = None) -> list[dict]:
    seqs = seqs or tuple(range(1, len(purposes) + 1))
    return [valid_item(序号=s, 证明用途=p) for s, p in zip(seqs, purposes, strict=True)]


# -- numbering ---------------------------------------------------------------------------------


def test_gap_and_repeat_in_sequence_numbers() -> None:
    result = check(catalog_yaml(*_items("甲", "乙", "丙", "丁", seqs=(1, 3, 3, 4))))
    messages = [(d.item, d.message) for d in only(result, "GZ101")]
    assert messages == [
        (3, "序号应为 2（从 1 起按顺序连续编号），实际为 3"),
        (3, "序号 3 重复（第 2 项已使用）；按位置应为 3"),
    ]


def test_duplicate_item_ignores_spacing_and_width() -> None:
    a = valid_item(证明事项="无犯罪记录证明", 证明用途="律师执业核准")
    b = valid_item(序号=2, 证明事项="无犯罪记录证明 ", 证明用途="律师执业核准")
    (d,) = only(check(catalog_yaml(a, b)), "GZ102")
    assert d.item == 2 and "序号 1" in d.message


def test_same_certificate_for_two_purposes_is_fine() -> None:
    assert "GZ102" not in codes(check(catalog_yaml(*_items("律师执业核准", "公证员执业任职"))))
