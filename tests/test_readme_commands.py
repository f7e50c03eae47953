"""Every command in README.md and docs/*.md runs as written, in a fresh clone of the repository.

Shell blocks (sh, bash, shell; in console blocks the lines after ``$``) run line by line in one
shell per block, from the clone's root, with the installed ``gaozhi`` on PATH: exit code 0 or
1 (findings) passes, 2 or more, a traceback or an internal error fails. Python blocks run,
TOML blocks parse. A block preceded by ``<!-- readme-test: skip 原因 -->`` is not run (it
needs the network, a release tag, or is the test command itself); the reason is required.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import tomllib

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(
    r"(?P<marker><!--\s*readme-test:\s*skip(?P<reason>[^>]*)-->\s*\n)?"
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```",
    re.M | re.S,
)


@dataclass(frozen=True)
class Block:
    file: str
    line: int
    lang: str
    body: str
    skip: str | None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


def _blocks() -> list[Block]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            body = "\n".join(line.removeprefix(m["indent"]) for line in m["body"].splitlines())
            skip = m["reason"].strip() if m["marker"] else None
            line = text.count("\n", 0, m.start("indent")) + 1
            found.append(Block(path.relative_to(REPO).as_posix(), line, m["lang"], body, skip))
    return found


BLOCKS = _blocks()
SHELL = [b for b in BLOCKS if b.lang in ("sh", "bash", "shell", "console")]


def _commands(block: Block) -> list[str]:
    """The command lines of a block, continuation lines joined."""
    lines = block.body.splitlines()
    if block.lang == "console":
        lines = [line[2:] for line in lines if line.startswith("$ ")]
    commands: list[str] = []
    pending = ""
    for line in lines:
        if not line.strip() or (line.lstrip().startswith("#") and not pending):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        commands.append(pending + line)
        pending = ""
    return commands


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository as a new user gets it: a clone of the current commit."""
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout (the README examples use git history)")
    target = tmp_path_factory.mktemp("clone") / "gaozhi"
    subprocess.run(["git", "clone", "-q", "--shared", str(REPO), str(target)], check=True)
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    subprocess.run(["git", "-C", str(target), "checkout", "-q", head.stdout.strip()], check=True)
    return target


def test_blocks_are_found() -> None:
    assert len(SHELL) >= 10 and all(b.skip is None or b.skip for b in BLOCKS)


@pytest.mark.parametrize("block", SHELL, ids=str)
def test_shell_block_runs_as_written(block: Block, clone: Path, tmp_path: Path) -> None:
    if block.skip is not None:
        pytest.skip(f"{block}：{block.skip}")
    script = ["cd " + str(clone)]
    for command in _commands(block):
        quoted = command.replace("'", "'\\''")
        script.append(
            f"{command}\nrc=$?; if [ $rc -gt 1 ]; then echo 'FAILED ('$rc'): {quoted}' >&2; exit 1; fi"
        )
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "COLUMNS": "100",
    }
    env.pop("GAOZHI_DEBUG", None)
    result = subprocess.run(["bash", "-c", "\n".join(script)], capture_output=True, text=True, env=env)
    shown = f"{block}\n{result.stderr[-3000:]}"
    assert result.returncode == 0, shown
    for broken in ("Traceback", "内部错误", "command not found"):
        assert broken not in result.stderr + result.stdout, shown


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "python"], ids=str)
def test_python_block_runs(block: Block, clone: Path) -> None:
    result = subprocess.run([sys.executable, "-c", block.body], capture_output=True, text=True, cwd=clone)
    assert result.returncode == 0, f"{block}\n{result.stderr}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "toml"], ids=str)
def test_toml_block_is_valid(block: Block) -> None:
    tomllib.loads(block.body)
