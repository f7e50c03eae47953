"""The CI contract: a test that needs LibreOffice, Chromium or pdftotext may be skipped on a
developer's machine, never under CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SAMPLE = """
import pytest

def test_needs_soffice():
    pytest.skip("soffice is not installed (Debian package: see .ci/run)")

def test_needs_nothing_special():
    pytest.skip("needs a network")
"""


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(Path(__file__).parent)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "ci_tools", "-p", "no:cacheprovider", "test_sample.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )


def test_tool_skips_fail_under_ci(tmp_path: Path) -> None:
    result = _run(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 skipped" in result.stdout and "CI=true 时不允许跳过" in result.stdout


def test_tool_skips_are_skips_elsewhere(tmp_path: Path) -> None:
    result = _run(tmp_path, None)
    assert result.returncode == 0 and "2 skipped" in result.stdout, result.stdout
