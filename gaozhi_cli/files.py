"""Reading text the way Chinese offices save it, and writing files without losing any.

Exports and catalogues arrive as UTF-8, UTF-8 with BOM, or GB18030/GBK (Windows "ANSI" on a
Chinese system). Outputs are written whole or not at all, and never over an existing file
unless the user said ``--force``.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from gaozhi_cli.errors import GaozhiError, UsageError

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
GB18030 = "gb18030"
UTF16 = "utf-16"

ENCODING_LABELS = {UTF8: "UTF-8", UTF8_BOM: "UTF-8（带 BOM）", GB18030: "GB18030/GBK", UTF16: "UTF-16"}


class NotTextError(GaozhiError):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # one of the codec names above

    @property
    def label(self) -> str:
        return ENCODING_LABELS[self.encoding]


def sniff_encoding(prefix: bytes) -> str:
    """Guess the codec of a file from its first bytes (a prefix may end mid-character).

    Raises NotTextError for binary data.
    """
    if prefix.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    if b"\x00" in prefix:
        raise NotTextError("不是文本文件（含有二进制字节 0x00），请确认选对了文件")
    if _decodes(prefix, UTF8):
        return UTF8
    if _decodes(prefix, GB18030):
        return GB18030
    raise NotTextError("无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK")


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a whole file. Raises NotTextError when it is not text."""
    encoding = sniff_encoding(data[:65536])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == UTF8:  # the prefix was UTF-8 but a later byte is not
            try:
                return DecodedText(data.decode(GB18030), GB18030)
            except UnicodeDecodeError:
                pass
        raise NotTextError(f"第 {exc.start + 1} 字节起无法按 {ENCODING_LABELS[encoding]} 解码") from exc
    if encoding == UTF16:
        text = text.lstrip("\ufeff")
    return DecodedText(text, encoding)


def os_reason(exc: OSError) -> str:
    """Why the system could not open a file, in Chinese (strerror is English)."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, PermissionError):
        return "没有读取或写入权限"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件"
    if isinstance(exc, NotADirectoryError):
        return "路径中有一部分不是文件夹"
    return f"系统错误（{exc.strerror or type(exc).__name__}，错误号 {exc.errno}）"


def read_text(path: Path, what: str, *, error: type[GaozhiError] = UsageError) -> str:
    """The text of a file the user named (any accepted encoding), or ``error`` with a Chinese
    message that names ``what`` it is (名单, 数据文件 …) and the file."""
    shown = display_path(path)
    try:
        return decode_bytes(path.read_bytes()).text
    except FileNotFoundError:
        raise error(f"找不到{what}：{shown}") from None
    except OSError as exc:
        raise error(f"无法读取{what} {shown}：{os_reason(exc)}") from None
    except NotTextError as exc:
        raise error(f"{what} {shown} {exc.message}") from None


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as users see it in messages: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


@contextmanager
def atomic_file(path: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A binary stream whose content appears at ``path`` whole, and only if the block finishes.

    Without ``force`` an existing file is refused before anything is written, and never
    replaced, even if it appears meanwhile (the final step is a hard link, which fails if the
    name exists).
    """
    path = Path(path)
    if not force and path.exists():
        raise FileExistsError_(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gaozhi-", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _commit(tmp, path, force=force)
    finally:
        tmp.unlink(missing_ok=True)


def _commit(tmp: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExistsError_(path) from None
    except OSError:  # file systems without hard links
        if path.exists():
            raise FileExistsError_(path) from None
        os.replace(tmp, path)


def atomic_write(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all; never over an existing file without ``force``."""
    with atomic_file(path, force=force) as fh:
        fh.write(data)


@contextmanager
def open_output(path: Path | None, *, force: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text stream for output too big to hold in memory: stdout when ``path`` is None,
    else a file written through ``atomic_file``."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_file(path, force=force) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield stream
        stream.flush()
        stream.detach()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


class FileExistsError_(GaozhiError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"文件已存在：{display_path(path)}（未覆盖；确需覆盖请加 --force）")
        self.path = path


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_filename(name: str, *, suffix: str = "", max_bytes: int = 200) -> str:
    """Turn text from user data into one file name that cannot leave its folder.

    A name too long for the file system (255 bytes on Linux, where a Chinese character
    takes 3) is cut at a character, and keeps its extension: ``suffix``, or the one it has.
    """
    cleaned = _UNSAFE_NAME.sub("_", name + suffix).strip().strip(".")
    cleaned = cleaned.replace("..", "_")
    if not cleaned or _WINDOWS_RESERVED.match(cleaned):
        cleaned = f"_{cleaned}" if cleaned else "未命名"
    stem, ext = os.path.splitext(cleaned)
    if not (ext.isascii() and len(ext) <= 8):
        stem, ext = cleaned, ""
    room = max_bytes - len(ext.encode())
    if len(stem.encode()) > room:
        stem = stem.encode()[:room].decode(errors="ignore").rstrip(" .")
    return stem + ext


def path_inside(directory: Path, name: str) -> Path:
    """``directory / safe_filename(name)``, checked to stay inside ``directory``."""
    base = directory.resolve()
    target = (base / safe_filename(name)).resolve()
    if target.parent != base:
        raise GaozhiError(f"文件名“{name}”会写到输出目录之外，已拒绝")
    return target
