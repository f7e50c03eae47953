"""Column names: the contract's names (收件日期, 办件编号 …) and a platform's own headers.

A mapping file names, for a contract column, the header(s) an export uses instead:

    收件日期: 受理时间
    申请方式: [办理渠道, 申请渠道]     # the first one present in the file is used
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from gaozhi_cli.datafile import read_data_file

CASE_ID = "办件编号"
DEPARTMENT = "部门"


def read_column_map(path: Path, known: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Contract column → the export's header names, from a YAML file. ``known`` are the
    contract columns (of the loaded rules, plus 办件编号 and 部门): anything else is a typo."""
    f = read_data_file(path, "列名映射文件")
    names = list(dict.fromkeys(known))
    root = f.root_mapping("列名映射文件")
    mapping: dict[str, tuple[str, ...]] = {}
    for key, value in root.items():
        if key not in names:
            f.problem(root.key_pos[key], f"“{key}”不是规则用到的列名（可映射的列：{'、'.join(names)}）")
            continue
        headers = [str(v).strip() for v, _ in f.items(value, root.value_pos[key], key) if str(v).strip()]
        if not headers:
            f.problem(root.value_pos[key], f"“{key}”应映射到导出文件中的列名")
        mapping[key] = tuple(headers)
    f.check()
    return mapping


def clean_header(cells: Sequence[str]) -> list[str]:
    """Header cells as compared: surrounding spaces and a stray BOM removed."""
    return [c.strip().lstrip("\ufeff").strip() for c in cells]


def find_column(header: Sequence[str], name: str, mapping: Mapping[str, tuple[str, ...]]) -> int | None:
    """The index of contract column ``name`` in ``header``: a mapped header first, then the name."""
    for candidate in (*mapping.get(name, ()), name):
        if candidate in header:
            return header.index(candidate)
    return None
