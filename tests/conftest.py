"""Fixtures shared by all test folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ci_tools import pytest_runtest_makereport  # noqa: F401  (a skipped tool fails under CI=true)
from hypothesis import settings
from typer.testing import CliRunner

from gaozhi_cli.cli.app import app

REPO = Path(__file__).resolve().parents[1]

# No timing assertions in tests: Hypothesis's default 200 ms deadline per example is one, and
# fails the property tests on a loaded machine (the calendar's, at load 9, with a 1.5 ms rerun).
settings.register_profile("gaozhi", deadline=None)
settings.load_profile("gaozhi")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def gaozhi(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``gaozhi ARGS…`` in an empty working directory (so no config file is found)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GAOZHI_DEBUG", raising=False)
    os.environ.pop("GITHUB_ACTIONS", None)

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args])

    return run
