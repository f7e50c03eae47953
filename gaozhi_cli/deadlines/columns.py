"""Column names: the contract's names (收件日期, 办件编号 …) and a platform's own headers.

A mapping file names, for a contract column, the header(s) an export uses instead:

    收件日期: 受理时间
    申请方式: [办理渠道, 申请渠道]     # the first one present in the file is used
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from pathlib import Path

from gaozhi_cli.datafile import read_data_file
from gaozhi_cli.errors import UsageError

CASE_ID = "办件编号"
DEPARTMENT = "部门"
CASE_STATUS = "办理状态"  # optional: withdrawn cases are left out, done ones cannot be open (casestatus)
# The names platforms give these columns, tried in order after a mapped one: a case number
# column called 投诉编号 or 业务流水号 is still the case number.
ALIASES: dict[str, tuple[str, ...]] = {
    CASE_ID: (
        "办件编号", "办件号", "业务流水号", "流水号", "受理编号", "受理号", "申请编号", "申报号",
        "投诉编号", "举报编号", "件号", "案卷号", "案件编号", "编号",
    ),
    DEPARTMENT: (
        "部门", "承办单位", "承办部门", "受理部门", "办理部门", "所属部门", "实施机构",
        "收件部门名称", "收件部门", "受理部门名称", "承办部门名称", "办理部门名称", "实施机构名称",
        "单位",
    ),
    CASE_STATUS: ("办理状态", "办件状态", "状态"),
}  # fmt: skip


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


MAX_COLUMNS = 1024  # a platform's export has a few dozen; every record is padded to the header's width


def fit_header(cells: Sequence[str], shown: str) -> list[str]:
    """The clean header of an export, without the blank cells after its last name when it is
    wider than MAX_COLUMNS. Raises UsageError for more names than that: every record would be
    padded to its width (a header of 500,000 commas, with 40,000 records, to 160 GB)."""
    header = clean_header(cells)
    if len(header) <= MAX_COLUMNS:
        return header
    named = max((i + 1 for i, h in enumerate(header) if h), default=0)
    if named > MAX_COLUMNS:
        raise UsageError(
            f"{shown}：表头有 {named:,} 列，多于 {MAX_COLUMNS:,} 列，不像办件日志导出文件"
            "（请检查表头所在的行，或从平台重新导出）"
        )
    return header[:named]


def find_column(header: Sequence[str], name: str, mapping: Mapping[str, tuple[str, ...]]) -> int | None:
    """The index of contract column ``name`` in ``header``: a mapped header first, then the name
    and its usual aliases."""
    for candidate in (*mapping.get(name, ()), *ALIASES.get(name, (name,))):
        if candidate in header:
            return header.index(candidate)
    return None


def header_names(names: Iterable[str], mapping: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Every header text that names one of the contract columns ``names``: to tell the header
    row from the title lines above it."""
    found: set[str] = set()
    for name in names:
        found.update(mapping.get(name, ()), ALIASES.get(name, (name,)))
    return found - {"编号", "单位", "状态"}  # too common in titles to recognise a header by


def pick_header(records: Sequence[Sequence[str]], known: Set[str]) -> int:
    """The index of the header among the first records: the first with the most known names
    (a title line above it has none); 0 when none has any."""
    scores = [sum(1 for cell in clean_header(r) if cell in known) for r in records]
    best = max(scores, default=0)
    return scores.index(best) if best else 0


def doubled_headers(header: Sequence[str], read: Iterable[int | None]) -> list[str]:
    """A warning for each column read (its index in ``header``) whose name the header has
    more than once: only its first copy is read, and the other may be the one meant."""
    warnings = []
    for i in sorted({i for i in read if i is not None}):
        places = [str(n + 1) for n, h in enumerate(header) if h == header[i]]
        if len(places) > 1:
            warnings.append(
                f"表头中“{header[i]}”出现 {len(places)} 次（第 {'、'.join(places)} 列），只读第 {i + 1} 列"
            )
    return warnings
