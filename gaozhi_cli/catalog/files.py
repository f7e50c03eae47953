"""Which files are catalogues: the ones named, and every *.yaml/*.yml under named folders."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from gaozhi_cli.errors import UsageError

YAML_SUFFIXES = (".yaml", ".yml")


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus every *.yaml/*.yml under named folders (hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in sorted(files) if f.endswith(YAML_SUFFIXES))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"找不到文件或目录：{path}")
    return list(dict.fromkeys(found))
