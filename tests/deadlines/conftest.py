"""Fixtures of the deadline tests: the CLI in an empty folder, and exports written as files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gaozhi_cli.cli.app import app


@pytest.fixture
def cli(tmp_path, monkeypatch) -> Callable[..., Result]:
    """Run ``gaozhi ARGS…`` in an empty working directory (so no config file is found)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GAOZHI_DEBUG", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def export(tmp_path) -> Callable[..., Path]:
    """Write an export: ``export(text, name=…, encoding=…)`` with \\n turned into \\r\\n."""

    def write(text: str, name: str = "export.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
        return path

    return write
