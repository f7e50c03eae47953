"""Fixtures for the letters: a small catalogue of our own, data files, and the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """A copy of the test catalogue (two items of 晋城市司法局, one allowing 代为承诺)."""
    target = tmp_path / "目录.yaml"
    shutil.copyfile(DATA / "catalog.yaml", target)
    return target
