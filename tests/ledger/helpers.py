"""Valid ID numbers, batch files and a look at what the ledger holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from gaozhi_cli.identity import _ID_CHECK, _ID_WEIGHTS

HEADER = ["证明事项", "申请人.姓名", "申请人.证件编号", "日期"]


def id_number(n: int, region: str = "140502") -> str:
    base = f"{region}{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return base + _ID_CHECK[sum(int(c) * w for c, w in zip(base, _ID_WEIGHTS, strict=True)) % 11]


def batch_csv(path: Path, count: int, *, first: int = 1, day: str = "2025-03-17") -> Path:
    """``count`` commitment rows (GB18030), applicants 申请人{first}…, each its own ID."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(first, first + count):
        writer.writerow([1, f"申请人{n}", id_number(n), day])
    path.write_bytes(buffer.getvalue().encode("gb18030"))
    return path


def letters(project) -> list[tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    """(year, seq, file name, sha256) of the numbered letters, in number order."""
    with project.ledger() as ledger:
        return [
            (r[0], r[1], r[2], r[3])
            for r in ledger.db.rows(
                "SELECT year, seq, file_name, sha256 FROM letters WHERE seq IS NOT NULL ORDER BY year, seq"
            )
        ]
