"""Under CI=true a test skipped for want of LibreOffice, Chromium, pdftotext or a PostgreSQL
server fails instead: CI installs and starts them (.ci/run), so a skip there means the check
did not run."""

from __future__ import annotations

import os
import re

import pytest

TOOLS = re.compile(r"soffice|libreoffice|chromium|pdftotext|poppler|postgresql", re.IGNORECASE)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or os.environ.get("CI", "").lower() not in ("true", "1"):
        return
    reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if TOOLS.search(reason):
        report.outcome = "failed"
        report.longrepr = f"CI=true 时不允许跳过：{reason}（.ci/run 应已安装所需的程序）"
