"""Writing files: every way the system can refuse a write is the user's to fix, said in Chinese,
naming the file, with exit code 2, no traceback, nothing half-written and no temporary left."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from catalog.catalogs import JUSTICE, write

GAOZHI = [sys.executable, "-m", "gaozhi_cli"]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".gaozhi-*")]


def _clean(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "内部错误" not in result.output and "Traceback" not in result.output


def test_parent_path_that_is_a_file(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "报告").write_text("不是文件夹", encoding="utf-8")
    result = gaozhi("catalog", "schema", "-o", "报告/schema.json")
    _clean(result)
    assert "无法写入 报告/schema.json：报告 是文件，不是文件夹" in result.output
    assert (tmp_path / "报告").read_text(encoding="utf-8") == "不是文件夹"


def test_name_too_long(gaozhi, tmp_path: Path) -> None:
    name = "目录" * 60 + ".md"  # 363 bytes in UTF-8: over the 255 of every common file system
    catalog = write(tmp_path / "justice.yaml", JUSTICE)
    result = gaozhi("catalog", "export", catalog, "-o", name)
    _clean(result)
    assert "文件名或路径太长" in result.output and "目录目录" in result.output
    assert _leftovers(tmp_path) == []


def test_output_that_is_a_folder(gaozhi, tmp_path: Path) -> None:
    (tmp_path / "out.csv").mkdir()
    catalog = write(tmp_path / "justice.yaml", JUSTICE)
    result = gaozhi("catalog", "export", catalog, "-f", "csv", "-o", "out.csv", "--force")
    _clean(result)
    assert "out.csv" in result.output and ("文件夹" in result.output or "目录" in result.output)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_disk_full(gaozhi, tmp_path: Path) -> None:
    catalog = write(tmp_path / "justice.yaml", JUSTICE)
    result = gaozhi("catalog", "export", catalog, "-f", "html", "-o", "/dev/full", "--force")
    _clean(result)
    assert "无法写入 /dev/full：磁盘空间已满" in result.output
    assert Path("/dev/full").is_char_device()  # written in place, never replaced by a file


def _limited(size: int):  # type: ignore[no-untyped-def]
    def limit() -> None:  # a file-size limit: the kernel answers EFBIG, as a full quota would
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.parametrize(
    "args",
    [
        ("catalog", "export", "justice.yaml", "-f", "html", "-o", "out/page.html"),
        ("catalog", "export", "justice.yaml", "-o", "out/目录.docx"),
        ("deadlines", "report", "log.csv", "-f", "csv", "-o", "out/rows.csv"),
    ],
)
def test_file_too_big_for_the_file_system(tmp_path: Path, args: tuple[str, ...]) -> None:
    write(tmp_path / "justice.yaml", JUSTICE)
    rows = "".join(f"A{n},民政局,窗口,2025-11-03,2025-11-04\n" for n in range(3000))
    header = "办件编号,承办部门,申请方式,收件日期,告知承诺书送达日期\n"
    (tmp_path / "log.csv").write_text(header + rows, encoding="utf-8")
    result = subprocess.run(
        [*GAOZHI, *args], cwd=tmp_path, capture_output=True, text=True, preexec_fn=_limited(2000)
    )
    assert result.returncode == 2, result.stderr
    target = args[-1]
    assert f"无法写入 {target}：文件超过了磁盘或系统允许的大小" in result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert not (tmp_path / target).exists() and _leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere (the next test answers EACCES)")
def test_no_permission(tmp_path: Path) -> None:
    write(tmp_path / "justice.yaml", JUSTICE)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = subprocess.run(
            [*GAOZHI, "catalog", "export", "justice.yaml", "-o", "locked/目录.md"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
    finally:
        locked.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert "无法写入 locked/目录.md：没有读取或写入权限" in result.stderr
    assert "Traceback" not in result.stderr and list(locked.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "没有读取或写入权限"),
        (errno.EROFS, "只读"),
        (errno.EDQUOT, "磁盘配额"),
        (errno.ENOSPC, "磁盘空间已满"),
        (errno.EIO, "输入/输出"),
    ],
)
def test_refusals_of_the_folder(gaozhi, tmp_path: Path, monkeypatch, code: int, reason: str) -> None:
    """Read-only mounts, quotas and (as root) locked folders cannot be made in a test: the
    system call that creates the file answers for them."""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = gaozhi("calendar", "template", "2027", "-o", "2027.yaml")
    _clean(result)
    assert "无法写入 2027.yaml：" in result.output and reason in result.output
    assert not (tmp_path / "2027.yaml").exists()


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    from gaozhi_cli.files import atomic_write

    (tmp_path / "real.txt").write_text("old", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("real.txt")
    atomic_write(tmp_path / "link.txt", b"new", force=True)
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_bytes() == b"new"


def test_errors_reading_other_files_inside_the_block_pass_through(tmp_path: Path) -> None:
    """Only the file being written is named: an error of another file keeps its own meaning."""
    from gaozhi_cli.files import atomic_file

    with pytest.raises(FileNotFoundError), atomic_file(tmp_path / "out.txt") as fh:
        fh.write(b"part")
        (tmp_path / "missing.txt").read_bytes()
    assert list(tmp_path.iterdir()) == []
