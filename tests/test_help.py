"""``--help`` of every command at 80 columns: every word of every option shown, nothing wider
than the terminal, nothing in English but names the user types; shell completion works."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
import typer
from rich.cells import cell_len

from gaozhi_cli.cli.app import app

ROOT = typer.main.get_command(app)


def _commands(command=ROOT, path=()) -> Iterator[tuple[tuple[str, ...], object]]:  # type: ignore[no-untyped-def]
    yield path, command
    if hasattr(command, "list_commands"):  # the root builds its sub-apps when asked for them
        ctx = typer.Context(command)
        for name in command.list_commands(ctx):
            yield from _commands(command.get_command(ctx, name), (*path, name))


ALL = list(_commands())
# What may stay in English: what the user types (options, commands, formats, codes, file
# types) and the names of programs and standards.
TYPED = re.compile(
    r"--?[\w-]+|gaozhi|[a-z]+(?:-[a-z]+)*|GZ\w*|[A-Z]{2,}\w*|\b[A-Z]\b|HEAD~1|A4|Word|Excel|LibreOffice|PostgreSQL|Schema|draft|Tab"
)


@pytest.fixture
def help_of(gaozhi, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    return lambda path: gaozhi(*path, "--help")


@pytest.mark.parametrize(("path", "command"), ALL, ids=lambda p: " ".join(p) if isinstance(p, tuple) else "")
def test_help_is_whole_readable_and_chinese(help_of, path, command) -> None:  # type: ignore[no-untyped-def]
    result = help_of(path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "…" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    flat = re.sub(r"\s+", "", out)
    for param in command.params:
        if param.help:  # the whole text, however it was wrapped
            assert re.sub(r"\s+", "", param.help) in flat, param.name
    for name, sub in getattr(command, "commands", {}).items():
        summary = (sub.help or "").split("\n\n")[0]
        assert re.sub(r"\s+", "", summary) in flat, name
    english = {w for w in re.findall(r"[A-Za-z][A-Za-z<>\[\]=.-]*", TYPED.sub(" ", out))}
    assert not english, english


def test_brackets_in_help_are_text_not_markup(help_of) -> None:  # type: ignore[no-untyped-def]
    out = help_of(("catalog", "validate")).stdout
    assert "[tool.gaozhi]" in out


def test_ranges_and_defaults_in_chinese(help_of) -> None:  # type: ignore[no-untyped-def]
    out = re.sub(r"\s+", "", help_of(("deadlines", "report")).stdout)
    assert "不小于1" in out and "默认：50" in out and "x>=" not in out


def test_catalog_group_says_what_it_does(help_of) -> None:  # type: ignore[no-untyped-def]
    out = help_of(("catalog",)).stdout
    summary = re.sub(r"\s+", "", out.split("选项：")[0])
    for word in ("校验", "导出", "导入", "格式化", "比较"):
        assert word in summary, word


def test_usage_names_arguments_as_help_does(help_of) -> None:  # type: ignore[no-untyped-def]
    out = help_of(("catalog", "validate")).stdout
    assert "用法：gaozhi catalog validate [选项] 路径..." in out and "{" not in out


def test_shell_completion_answers(gaozhi) -> None:  # type: ignore[no-untyped-def]
    script = gaozhi("completion", "bash")
    assert script.exit_code == 0 and "_GAOZHI_COMPLETE=complete_bash" in script.stdout
    env = {
        **os.environ,
        "_GAOZHI_COMPLETE": "complete_bash",
        "COMP_WORDS": "gaozhi catalog ex",
        "COMP_CWORD": "2",
    }
    answer = subprocess.run(
        [sys.executable, "-c", "from gaozhi_cli.cli.app import main; main()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert answer.stdout.split() == ["export"], answer.stderr
