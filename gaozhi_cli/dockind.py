"""What kind of gaozhi document a .docx is, told by its category (docProps/core.xml): so that
``ledger check --files`` leaves alone the statistics tables and catalogues a liaison writes
into the folder of the letters, and still names every other .docx the ledger does not know."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path

LETTER = "告知承诺制文书"
CATALOG = "证明事项目录"
CATALOG_CHANGES = "证明事项目录调整说明"
ASSESSMENT = "告知承诺制实施情况统计表"
NOT_LETTERS = frozenset({CATALOG, CATALOG_CHANGES, ASSESSMENT})
_CORE = "docProps/core.xml"
_CORE_MAX = 1 << 20  # core properties are a few hundred bytes; a larger part is not read
_CATEGORY = re.compile(r"<cp:category>([^<]*)</cp:category>")


def category_of(path: Path) -> str | None:
    """The category ``path`` names, or None: not a .docx, no category, or unreadable."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(_CORE)
            if info.file_size > _CORE_MAX:
                return None
            xml = package.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None
    found = _CATEGORY.search(xml)
    return unescape(found.group(1)).strip() if found else None
