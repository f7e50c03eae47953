"""Refuse a zip package (.xlsx, .ods, .docx) that would blow up when it is unpacked.

Readers written in Rust (calamine) or C (lxml) unpack members without the limits a user
would want, so every package is checked here first: the number of members, their declared
sizes and compression ratio, and then the bytes each member really inflates to, counted as
they come and stopped the moment a member exceeds what its header declared. A member that
lies about its size is caught after its declared size, a bomb that declares gigabytes before
anything is unpacked: either way quickly.

``inspect`` lets a caller look at a member's bytes during that one pass (the workbook reader
finds the cell extent of a sheet there) instead of unpacking it a second time.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import display_path, os_reason


@dataclass(frozen=True)
class ZipLimits:
    members: int = 10_000
    total: int = 2 * 1024**3  # bytes, all members inflated
    ratio: int = 500  # inflated : compressed, for members over ``ratio_from`` bytes
    ratio_from: int = 64 * 1024**2


LIMITS = ZipLimits()
_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature … file name length, extra length
# Called with each inflated chunk of a member the caller asked for; may raise UnsafePackage.
Inspector = Callable[[bytes], None]


class UnsafePackage(GaozhiError):
    """The package is damaged or would take more memory or time than any real file needs."""


def check_zip(
    path: Path,
    what: str,
    *,
    limits: ZipLimits = LIMITS,
    inspect: Callable[[str], Inspector | None] | None = None,
) -> None:
    """Raise UnsafePackage (naming the file and the member) when ``path`` is not a zip package
    within ``limits``; ``what`` is the kind of file named in messages (docx, xlsx, ods)."""
    shown = display_path(path)
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            _check_declared(infos, shown, what, limits)
            for info in infos:
                consumer = inspect(info.filename) if inspect else None
                _inflate(path, info, shown, consumer)
    except OSError as exc:
        raise UnsafePackage(f"无法读取 {shown}：{os_reason(exc)}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise UnsafePackage(f"{shown} 不是有效的 {what} 文件（压缩包已损坏：{exc}）") from None


def _check_declared(infos: list[zipfile.ZipInfo], shown: str, what: str, limits: ZipLimits) -> None:
    if len(infos) > limits.members:
        raise UnsafePackage(
            f"{shown}：压缩包内有 {len(infos):,} 个文件，超过 {what} 文件可能有的数量（{limits.members:,}），已拒绝读取"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.total:
        raise UnsafePackage(
            f"{shown}：解压后共 {_size(total)}，超过上限 {_size(limits.total)}，已拒绝读取"
            "（多半是恶意构造的“压缩炸弹”；真实的导出文件请另存为 CSV 再读取）"
        )
    for info in infos:
        if info.file_size > limits.ratio_from and info.file_size > limits.ratio * max(1, info.compress_size):
            raise UnsafePackage(
                f"{shown}：其中 {info.filename} 从 {_size(info.compress_size)} 解压为 {_size(info.file_size)}，"
                f"压缩比超过 {limits.ratio}:1，不像真实的 {what} 文件，已拒绝读取"
            )


def _inflate(path: Path, info: zipfile.ZipInfo, shown: str, consumer: Inspector | None) -> None:
    """Unpack one member from its raw bytes, not through zipfile (which stops at the declared
    size), so that a member inflating to more than its header says is seen."""
    if info.is_dir():
        return
    if info.flag_bits & 0x1:
        raise UnsafePackage(f"{shown}：其中 {info.filename} 已加密，无法读取；请去掉密码后另存")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnsafePackage(f"{shown}：其中 {info.filename} 使用了不支持的压缩方式（{info.compress_type}）")
    stored = info.compress_type == zipfile.ZIP_STORED
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    with open(path, "rb") as raw:
        raw.seek(info.header_offset)
        header = raw.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"{info.filename} 的文件头不对")
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
        raw.seek(name_length + extra_length, 1)
        left = info.compress_size
        while left > 0 and not inflater.eof:
            data = raw.read(min(_CHUNK, left))
            if not data:
                raise zipfile.BadZipFile(f"{info.filename} 不完整")
            left -= len(data)
            while data and not inflater.eof:
                if stored:
                    chunk, data = data, b""
                else:
                    chunk = inflater.decompress(data, _CHUNK)
                    data = inflater.unconsumed_tail
                produced += len(chunk)
                if produced > info.file_size:
                    raise UnsafePackage(
                        f"{shown}：其中 {info.filename} 解压后超过了它声明的 {_size(info.file_size)}，"
                        "文件已损坏或是恶意构造的，已拒绝读取"
                    )
                if consumer and chunk:
                    consumer(chunk)


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} 字节"
