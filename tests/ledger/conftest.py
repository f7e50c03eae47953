"""A ledger project per test, on SQLite and on a real PostgreSQL server.

The PostgreSQL server is named by GAOZHI_TEST_POSTGRESQL (a libpq URL, e.g.
postgresql:///gaozhi_test); .ci/run installs and starts one and sets it. Each test gets a
schema of its own on it. Without the variable, or without a server answering, the PostgreSQL
cases skip with the reason — never under CI=true (tests/ci_tools.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gaozhi_cli.cli.app import app

DATA = Path(__file__).parent / "data"
CATALOG = Path(__file__).parents[1] / "letters" / "data" / "catalog.yaml"
PG_ENV = "GAOZHI_TEST_POSTGRESQL"
NO_SERVER = f"未设置 {PG_ENV}（PostgreSQL 服务器）：跳过 PostgreSQL 台账测试；CI 会安装并启动 postgresql"


def _pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(NO_SERVER)
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=5).close()
    except Exception as exc:  # no driver, or no server answering
        pytest.skip(f"PostgreSQL 服务器 {url} 无法连接（{type(exc).__name__}）：跳过 PostgreSQL 台账测试")
    return url


@pytest.fixture(scope="session")
def pg_url() -> str:
    return _pg_url()


@dataclass
class Project:
    root: Path
    backend: str
    schema: str | None = None
    url: str | None = None

    @property
    def catalog(self) -> Path:
        return self.root / "目录.yaml"

    @property
    def db_file(self) -> Path:
        return self.root / "台账.db"

    def run(self, *args: object):
        """``gaozhi ARGS…`` in-process, in the project folder."""
        return CliRunner().invoke(app, [str(a) for a in args])

    def spawn(self, *args: object) -> subprocess.Popen[bytes]:
        """``gaozhi ARGS…`` as a process of its own."""
        env = {k: v for k, v in os.environ.items() if k != "GAOZHI_DEBUG"}
        return subprocess.Popen(
            [sys.executable, "-m", "gaozhi_cli", *map(str, args)],
            cwd=self.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def ledger(self):  # type: ignore[no-untyped-def]
        from gaozhi_cli.config import load_settings
        from gaozhi_cli.ledger import Ledger

        return Ledger.open(load_settings(self.root / "gaozhi.toml"))


def _pg_project(root: Path, url: str) -> Project:
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    scoped = f"{url}{sep}options=-csearch_path%3D{schema}"
    (root / "gaozhi.toml").write_text(f'[ledger]\nurl = "{scoped}"\n', encoding="utf-8")
    return Project(root, "postgresql", schema, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def project(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An initialised ledger with the test catalogue, the working directory in it."""
    root = tmp_path / "项目"
    root.mkdir()
    shutil.copyfile(CATALOG, root / "目录.yaml")
    if request.param == "sqlite":
        (root / "gaozhi.toml").write_text('[ledger]\npath = "台账.db"\n', encoding="utf-8")
        made = Project(root, "sqlite")
    else:
        made = _pg_project(root, _pg_url())
    monkeypatch.chdir(root)
    monkeypatch.delenv("GAOZHI_DEBUG", raising=False)
    result = made.run("ledger", "init")
    assert result.exit_code == 0, result.output
    yield made
    if made.schema is not None:
        import psycopg

        with psycopg.connect(made.url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {made.schema} CASCADE")
