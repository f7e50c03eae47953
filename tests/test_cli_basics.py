"""The root command: Chinese help, version, and the README/CI contract."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from gaozhi_cli import __version__

REPO = Path(__file__).resolve().parents[1]


def test_help_is_chinese(gaozhi) -> None:
    out = gaozhi("--help").stdout
    assert "用法：gaozhi" in out and "选项" in out and "命令" in out and "catalog" in out
    for english in ("Usage:", "Options", "Commands", "Show this message"):
        assert english not in out


def test_usage_errors_are_chinese_and_exit_two(gaozhi) -> None:
    result = gaozhi("catalog", "validate", "--no-such-flag", "x.yaml")
    assert result.exit_code == 2
    assert "没有这个选项：--no-such-flag" in result.output
    result = gaozhi("catalog", "validate", "-f", "xml", "x.yaml")
    assert result.exit_code == 2 and "“xml”不是可选值之一" in result.output
    result = gaozhi("catalog", "import", "x.csv")  # an option with a short form, missing
    assert result.exit_code == 2 and "缺少选项 --output / -o" in result.output, result.output


def test_a_file_name_where_the_command_takes_o_is_pointed_to_it(gaozhi) -> None:
    result = gaozhi("ledger", "export", "台账.csv")
    assert result.exit_code == 2
    assert "多余的参数：台账.csv；写入文件请用 -o 台账.csv" in " ".join(result.output.split())
    result = gaozhi("ledger", "init", "a.db")  # no -o there: no such hint
    assert result.exit_code == 2 and "多余的参数：a.db" in result.output and "-o" not in result.output


def test_o_dash_is_the_screen_not_a_file_named_dash(gaozhi, tmp_path: Path) -> None:
    catalog = REPO / "catalogs" / "justice.yaml"
    result = gaozhi("catalog", "export", str(catalog), "-f", "csv", "-o", "-")
    assert result.exit_code == 0 and "无犯罪记录证明" in result.stdout
    assert not (tmp_path / "-").exists()
    result = gaozhi("catalog", "export", str(catalog), "-f", "xlsx", "-o", "-")
    assert result.exit_code == 2 and "请用 -o 指定输出文件" in result.output
    assert not (tmp_path / "-").exists()


def test_version(gaozhi) -> None:
    assert gaozhi("--version").stdout.strip() == f"gaozhi {__version__}"


def test_the_process_exits_with_the_commands_code_and_all_its_output(tmp_path: Path) -> None:
    """``gaozhi`` as its own process (cli.app.main ends it without Python's teardown): the
    exit code is the command's, and every byte of a long report reaches the pipe."""
    import json

    def gaozhi(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gaozhi_cli", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )

    report = gaozhi("catalog", "validate", "-f", "json", str(REPO / "catalogs"))
    assert report.returncode == 0, report.stderr
    files = json.loads(report.stdout)["files"]
    assert len(files) == len(list((REPO / "catalogs").glob("*.yaml")))
    bad = tmp_path / "坏.yaml"
    bad.write_text("机关: [\n", encoding="utf-8")
    assert gaozhi("catalog", "validate", str(bad)).returncode == 1
    usage = gaozhi("catalog", "validate", "--no-such-flag", str(bad))
    assert usage.returncode == 2 and "没有这个选项" in usage.stderr
    assert gaozhi("--version").stdout == f"gaozhi {__version__}\n"


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from gaozhi_cli.cli.app import app; "
        "heavy = [m for m in ('docx', 'jinja2', 'openpyxl', 'pydantic', 'ruamel.yaml', 'gaozhi_cli.statutes.book') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|shell)?\n(.*?)```", readme, re.S)
    commands = [line.strip() for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2, "README starts with exactly two commands"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_saying_which_file_was_written_needs_no_rich_console(tmp_path: Path) -> None:
    """The line is printed as it stands (rich would have turned :smile: into an emoji), and
    rich's console is not imported for it."""
    code = (
        "import sys; from pathlib import Path; from gaozhi_cli.cli.common import wrote; "
        f"wrote(Path({str(tmp_path / 'a:smile:b.csv')!r}), '（1 个目录）'); "
        "print('rich.console' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert done.stderr.endswith("a:smile:b.csv（1 个目录）\n") and done.stderr.startswith("已写入 ")
