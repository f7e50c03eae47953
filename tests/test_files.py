"""files.py: encodings, atomic no-clobber writes, safe names."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import (
    FileExistsError_,
    NotTextError,
    Stager,
    atomic_file,
    atomic_write,
    decode_bytes,
    leftovers,
    path_inside,
    safe_filename,
    sniff_encoding,
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("证明事项".encode(), "utf-8"),
        ("\ufeff证明事项".encode(), "utf-8-sig"),
        ("证明事项".encode("gb18030"), "gb18030"),
        ("证明事项".encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding and decoded.text == "证明事项"


def test_prefix_cut_inside_a_character_still_sniffs_utf8() -> None:
    assert sniff_encoding("告知承诺".encode()[:5]) == "utf-8"


def test_binary_is_not_text() -> None:
    with pytest.raises(NotTextError):
        decode_bytes(b"PK\x03\x04\x00\x00")


def test_atomic_write_never_clobbers_without_force(tmp_path: Path) -> None:
    target = tmp_path / "a" / "out.txt"
    atomic_write(target, b"first")
    with pytest.raises(FileExistsError_):
        atomic_write(target, b"second")
    assert target.read_bytes() == b"first"
    atomic_write(target, b"third", force=True)
    assert target.read_bytes() == b"third"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]  # no temporary files left


def test_atomic_write_gives_normal_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "page.html", b"<html></html>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b\\c", "CON", "..", "  .hidden ", "a:b*c?"])
def test_names_from_data_stay_inside_the_folder(tmp_path: Path, name: str) -> None:
    target = path_inside(tmp_path, name)
    assert target.parent == tmp_path.resolve()
    assert "/" not in safe_filename(name) and "\\" not in safe_filename(name)


def test_a_symlink_in_a_names_place_cannot_lead_out_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere.docx").write_bytes(b"")
    (tmp_path / "out" / "张三.docx").symlink_to(tmp_path / "elsewhere.docx")
    (tmp_path / "out" / "李四.docx").symlink_to("王五.docx")  # a link that stays inside is followed
    with pytest.raises(GaozhiError, match="输出目录之外"):
        path_inside(tmp_path / "out", "张三.docx")
    assert path_inside(tmp_path / "out", "李四.docx") == (tmp_path / "out" / "王五.docx").resolve()


def test_ordinary_chinese_names_are_kept(tmp_path: Path) -> None:
    assert path_inside(tmp_path, "张三-告知承诺书.docx").name == "张三-告知承诺书.docx"


def test_read_text_names_the_file_and_says_why_in_chinese(tmp_path: Path) -> None:
    from gaozhi_cli.errors import UsageError
    from gaozhi_cli.files import read_text

    (tmp_path / "gbk.csv").write_bytes("姓名,证件编号\n".encode("gbk"))
    assert read_text(tmp_path / "gbk.csv", "名单") == "姓名,证件编号\n"
    with pytest.raises(UsageError, match=r"找不到名单：.*missing.csv"):
        read_text(tmp_path / "missing.csv", "名单")
    with pytest.raises(UsageError, match=r"无法读取名单 .*：这是一个文件夹，不是文件"):
        read_text(tmp_path, "名单")
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01")
    with pytest.raises(UsageError, match=r"名单 .*bin.csv 不是文本文件"):
        read_text(tmp_path / "bin.csv", "名单")


def test_stager_puts_each_file_in_place_only_when_the_caller_does(tmp_path: Path, monkeypatch) -> None:
    import threading

    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    threads = threading.active_count()
    places = [tmp_path / f"{n}.docx" for n in range(20)]
    with Stager() as stager:
        pending = [stager.stage(place, f"第{n}份".encode()) for n, place in enumerate(places)]
        assert not any(place.exists() for place in places)
    assert threading.active_count() == threads  # the sync threads end with the block
    assert len(synced) == 20 and not any(place.exists() for place in places)
    for future, place in zip(pending, places, strict=True):
        future.result().place(place)
    assert [place.read_bytes().decode() for place in places] == [f"第{n}份" for n in range(20)]
    assert leftovers(tmp_path) == []


def test_stager_refuses_an_existing_file_and_reports_a_failed_sync(tmp_path: Path, monkeypatch) -> None:
    import errno

    old = tmp_path / "a.docx"
    old.write_bytes(b"old")
    with Stager() as stager:
        with pytest.raises(FileExistsError_):
            stager.stage(old, b"new")
        replacing = stager.stage(old, b"new", force=True)
    assert old.read_bytes() == b"old"
    replacing.result().place(old, force=True)
    assert old.read_bytes() == b"new"

    def broken(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", broken)
    with Stager() as stager:
        failing = stager.stage(tmp_path / "b.docx", b"x")
    with pytest.raises(GaozhiError, match=r"无法写入 .*b\.docx：.*输入/输出"):
        failing.result()
    assert not (tmp_path / "b.docx").exists() and leftovers(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise on this system")
def test_a_long_write_is_handed_to_the_disk_as_it_goes(tmp_path: Path, monkeypatch) -> None:
    """Every WRITE_BACK bytes the disk is asked to start storing the range just written, so
    the sync at the end waits for the last part only; the file is whole."""
    from gaozhi_cli import files

    monkeypatch.setattr(files, "WRITE_BACK", 1000)
    asked: list[tuple[int, int, int]] = []
    real = os.posix_fadvise

    def fadvise(fd: int, offset: int, length: int, advice: int) -> None:
        asked.append((offset, length, advice))
        real(fd, offset, length, advice)

    monkeypatch.setattr(os, "posix_fadvise", fadvise)
    target = tmp_path / "rows.json"
    with atomic_file(target) as fh:
        for n in range(10):
            fh.write(bytes([48 + n]) * 700)
            fh.flush()
    assert target.read_bytes() == b"".join(bytes([48 + n]) * 700 for n in range(10))
    assert [(o, n) for o, n, _ in asked] == [
        (0, 1400),
        (1400, 1400),
        (2800, 1400),
        (4200, 1400),
        (5600, 1400),
    ]
    assert {a for _, _, a in asked} == {os.POSIX_FADV_DONTNEED}
