"""Fixtures of the calendar tests."""

from __future__ import annotations

from collections.abc import Callable

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
