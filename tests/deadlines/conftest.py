"""Fixtures of the deadline tests: the CLI in an empty folder, and exports written as files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def export(tmp_path) -> Callable[..., Path]:
    """Write an export: ``export(text, name=…, encoding=…)`` with \\n turned into \\r\\n."""

    def write(text: str, name: str = "export.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
        return path

    return write
