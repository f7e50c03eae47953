"""Reading text the way Chinese offices save it, and writing files without losing any.

Exports and catalogues arrive as UTF-8, UTF-8 with BOM, or GB18030/GBK (Windows "ANSI" on a
Chinese system). Outputs are written whole or not at all, and never over an existing file
unless the user said ``--force``.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast

from gaozhi_cli.errors import GaozhiError, UsageError

if TYPE_CHECKING:  # threads are started only by a batch of letters
    from concurrent.futures import Future

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
    # Lines in both encodings (rows pasted from another export): the encoding of most lines
    # wins, and readers flag the other lines one by one.
    lines = [line for line in prefix.split(b"\n")[:-1] if not line.isascii()]
    if lines and 2 * sum(_decodes(line, UTF8) for line in lines) >= len(lines):
        return UTF8
    if lines and any(_decodes(line, GB18030) for line in lines):
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
        line = data.count(b"\n", 0, exc.start) + 1
        raise NotTextError(
            f"第 {line} 行（第 {exc.start + 1} 字节起）无法按 {ENCODING_LABELS[encoding]} 解码（文件可能混用了编码）"
        ) from exc
    if encoding == UTF16:
        text = text.lstrip("\ufeff")
    return DecodedText(text, encoding)


_ERRNO_REASONS = {
    errno.EACCES: "没有读取或写入权限",
    errno.EPERM: "没有读取或写入权限",
    errno.EROFS: "所在位置是只读的（只读的磁盘、光盘或共享文件夹）",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EFBIG: "文件超过了磁盘或系统允许的大小",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "符号链接层层相套，无法解析",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分是文件，不是文件夹",
    errno.ENOENT: "文件不存在",
    errno.EEXIST: "已有同名的文件",
    errno.EIO: "读写磁盘时出错（输入/输出错误）",
}


def os_reason(exc: OSError) -> str:
    """Why the system could not read or write a file, in Chinese (strerror is English)."""
    reason = _ERRNO_REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason
    return f"系统错误（错误号 {exc.errno}）" if exc.errno else "系统错误"


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


class WriteError(UsageError):
    """An output file could not be written: no permission, read-only place, disk full, bad path."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(f"无法写入 {display_path(path)}：{_write_reason(path, exc)}（未写入任何内容）")
        self.path = path


def _write_reason(path: Path, exc: OSError) -> str:
    blocker = _blocking_file(path)
    if blocker is not None:
        return f"{display_path(blocker)} 是文件，不是文件夹"
    if exc.errno == errno.ENAMETOOLONG:
        return f"文件名或路径太长（文件名最多 255 字节，这个有 {len(path.name.encode())} 字节）"
    return os_reason(exc)


def _blocking_file(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is not a folder."""
    for parent in path.parents:
        try:
            if parent.exists():
                return None if parent.is_dir() else parent
        except OSError:
            return None
    return None


class _Failed(Exception):
    """An OSError of the temporary file itself, told apart from errors of other files the
    caller may read inside the ``with`` block (those pass through unchanged)."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(str(exc))
        self.exc = exc


WRITE_BACK = 32 * 1024**2  # bytes written before the disk is asked to start storing them
TEMPORARY = (".gaozhi-", ".tmp")  # the prefix and suffix of the temporary files written here
ISSUING = ".gaozhi-issuing-"  # the prefix of a letter issued through the ledger (``unfinished_places``)


class _TempFile(io.FileIO):
    _stored = 0  # bytes the disk was asked to store
    _written = 0

    def write(self, data: Any) -> int:
        try:
            n = super().write(data)
        except OSError as exc:
            raise _Failed(exc) from exc
        self._written += n
        if self._written - self._stored >= WRITE_BACK:
            self._write_back()
        return n

    def _write_back(self) -> None:
        """Start the disk writing what is written so far, without waiting: the sync at the
        end then waits for the last part only (a report of every row of a million-row export
        is 240 MB; its sync took 0.3 s after the rows were done). Dropping those pages from
        the cache is how Linux is asked; where it cannot be (a pipe, another system) the sync
        does it all."""
        if hasattr(os, "posix_fadvise"):
            with suppress(OSError):
                os.posix_fadvise(
                    self.fileno(), self._stored, self._written - self._stored, os.POSIX_FADV_DONTNEED
                )
        self._stored = self._written

    def sync(self) -> None:
        try:
            os.fsync(self.fileno())
        except OSError as exc:
            raise _Failed(exc) from exc


@contextmanager
def atomic_file(path: Path, *, force: bool = False, private: bool = False) -> Iterator[BinaryIO]:
    """A binary stream whose content appears at ``path`` whole, and only if the block finishes.

    Without ``force`` an existing file is refused before anything is written, and never
    replaced, even if it appears meanwhile (the final step is a hard link, which fails if the
    name exists). A system error of the write (no permission, read-only place, disk full, a
    parent that is a file, a name too long) is a WriteError naming the file; no file is left.
    A ``private`` file (personal data: a ledger backup) is created readable by its owner only.
    """
    path = _through_links(Path(path))
    if _is_special(path):
        with _direct(path) as fh:
            yield fh
        return
    with _synced(path, force=force, private=private) as (fh, tmp):
        yield fh
    Staged(tmp).place(path, force=force)


@contextmanager
def _synced(path: Path, *, force: bool, private: bool = False) -> Iterator[tuple[BinaryIO, Path]]:
    """A temporary file beside ``path``, synced to disk when the block ends; removed if it fails."""
    fd, tmp = _temporary(path, force=force, private=private)
    try:
        raw = _TempFile(fd, "wb")
        try:
            with io.BufferedWriter(raw) as fh:
                yield cast(BinaryIO, fh), tmp
                fh.flush()
                raw.sync()
        except _Failed as failed:
            raise WriteError(path, failed.exc) from None
    except BaseException:
        Staged(tmp).discard()
        raise


@dataclass(frozen=True, slots=True)
class Staged:
    """A file written whole and synced in the folder it goes to, under a temporary name: a
    worker process writes it, and the process that decides its final name puts it in place."""

    tmp: Path

    def place(self, path: Path, *, force: bool = False) -> None:
        """At ``path`` (in the same folder), as ``atomic_write`` would: never over an existing
        file without ``force``."""
        try:
            self.link(path, force=force)
        finally:
            self.discard()

    def link(self, path: Path, *, force: bool = False) -> None:
        """At ``path`` as ``place`` puts it, the temporary name kept until ``discard``: while
        the file has both names, it shows that the write putting it there had not finished
        (``unfinished_places``). With ``force``, or where the file system has no hard links,
        the file is renamed instead."""
        try:
            _commit(self.tmp, _through_links(Path(path)), force=force)
        except OSError as exc:
            raise WriteError(path, exc) from None

    def unlink_twin(self, path: Path) -> None:
        """Remove ``path`` if it is this file under its other name (``link``): a write that
        failed after putting the file in place takes it back."""
        with suppress(OSError):
            if os.path.samefile(self.tmp, path):
                os.unlink(path)

    def discard(self) -> None:
        with suppress(OSError):
            self.tmp.unlink(missing_ok=True)


class Stager:
    """Files written beside their places and synced there, to be put in place by
    ``Staged.place``; an existing place is refused without ``force`` (FileExistsError_), as
    by ``atomic_write``. The syncs run in threads while the caller goes on making the next
    file: syncs under way together share the file system's journal commits, where one after
    another each waits for its own (1,000 commitment letters on 2 processes, measured: 3.2–4.6
    s one sync after another, 2.2–3.3 s with the syncs in threads). The threads end with the ``with`` block, so
    that a process forks only while it runs one thread (workers.start_context)."""

    THREADS = 8

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(self.THREADS, thread_name_prefix="gaozhi-sync")

    def __enter__(self) -> Stager:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)

    def stage(
        self, path: Path, data: bytes, *, force: bool = False, prefix: str = TEMPORARY[0]
    ) -> Future[Staged]:
        """``data`` written beside ``path`` and its sync started: the future gives the file
        to place, or raises WriteError. Raises FileExistsError_ and WriteError at once for
        what is known before the sync."""
        path = _through_links(Path(path))
        fd, tmp = _written_temporary(path, data, force=force, prefix=prefix)
        return self._pool.submit(_sync_temporary, path, fd, tmp)


def stage(path: Path, data: bytes, *, force: bool = False, prefix: str = TEMPORARY[0]) -> Staged:
    """``data`` written beside ``path`` and synced, as ``Stager.stage`` does it, in this thread."""
    path = _through_links(Path(path))
    return _sync_temporary(path, *_written_temporary(path, data, force=force, prefix=prefix))


def _written_temporary(path: Path, data: bytes, *, force: bool, prefix: str) -> tuple[int, Path]:
    """A temporary file beside ``path`` holding ``data``, still open (not yet synced)."""
    fd, tmp = _temporary(path, force=force, prefix=prefix)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException as exc:
        _close(fd)
        Staged(tmp).discard()
        if isinstance(exc, OSError):
            raise WriteError(path, exc) from None
        raise
    return fd, tmp


def _sync_temporary(path: Path, fd: int, tmp: Path) -> Staged:
    """The open temporary file ``tmp`` synced to disk and closed; removed if that fails."""
    try:
        os.fsync(fd)
    except OSError as exc:
        _close(fd)
        Staged(tmp).discard()
        raise WriteError(path, exc) from None
    try:
        os.close(fd)  # the descriptor is gone even if this fails: never closed twice
    except OSError as exc:
        Staged(tmp).discard()
        raise WriteError(path, exc) from None
    return Staged(tmp)


def _close(fd: int) -> None:
    with suppress(OSError):
        os.close(fd)


def _through_links(path: Path) -> Path:
    """A symlink's final target: writing replaces the target's content, never the link."""
    try:
        return path.resolve() if path.is_symlink() else path
    except OSError as exc:
        raise WriteError(path, exc) from None


def _is_special(path: Path) -> bool:
    """A device or pipe (/dev/null, a FIFO): written in place, there is nothing to replace."""
    try:
        return path.exists() and not path.is_file() and not path.is_dir()
    except OSError:
        return False


@contextmanager
def _direct(path: Path) -> Iterator[BinaryIO]:
    try:
        raw = _TempFile(path, "wb")
    except OSError as exc:
        raise WriteError(path, exc) from None
    try:
        with io.BufferedWriter(raw) as fh:
            yield cast(BinaryIO, fh)
            fh.flush()
    except _Failed as failed:
        raise WriteError(path, failed.exc) from None


STALE_AFTER = 600  # seconds: a temporary file this old belongs to no write still running


def leftovers(folder: Path, *, older_than: float = 0) -> list[Path]:
    """The temporary files in ``folder`` older than ``older_than`` seconds: what a write
    killed midway (a batch stopped with Ctrl+C, a power cut) leaves behind."""
    cutoff = time.time() - older_than
    found = []
    with suppress(OSError):
        for path in folder.glob(f"{TEMPORARY[0]}*{TEMPORARY[1]}"):
            with suppress(OSError):
                if path.is_file() and path.stat().st_mtime <= cutoff:
                    found.append(path)
    return sorted(found)


def unfinished_places(folder: Path, prefix: str) -> list[tuple[Path, Path]]:
    """(temporary file, the same file under its final name) for each file in ``folder`` that
    ``Staged.link`` put in place from a temporary file named with ``prefix`` and nothing
    discarded since: what a write killed between the two leaves. Cheap when there is none:
    only temporary files with a second name are looked up among the folder's files (by
    inode, which the directory listing gives)."""
    twins: dict[int, tuple[Path, os.stat_result]] = {}
    with suppress(OSError):
        for tmp in folder.glob(f"{prefix}*{TEMPORARY[1]}"):
            with suppress(OSError):
                st = tmp.lstat()
                if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
                    twins[st.st_ino] = (tmp, st)
    if not twins:
        return []
    found = []
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            twin = twins.get(entry.inode())
            if twin is None or entry.name.startswith(TEMPORARY[0]):
                continue
            with suppress(OSError):
                if os.path.samestat(entry.stat(follow_symlinks=False), twin[1]):
                    found.append((twin[0], Path(entry.path)))
    return sorted(found)


def _temporary(
    path: Path, *, force: bool, private: bool = False, prefix: str = TEMPORARY[0]
) -> tuple[int, Path]:
    """An open temporary file next to ``path``, after the checks that need no writing."""
    try:
        if path.is_dir():
            raise WriteError(path, IsADirectoryError(errno.EISDIR, "is a directory"))
        if not force and path.exists():
            raise FileExistsError_(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=TEMPORARY[1], dir=path.parent)
    except OSError as exc:
        raise WriteError(path, exc) from None
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.fchmod(fd, 0o600 if private else 0o666 & ~_umask())
    except OSError as exc:
        os.close(fd)
        Path(name).unlink(missing_ok=True)
        raise WriteError(path, exc) from None
    return fd, Path(name)


def _commit(tmp: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExistsError_(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if path.exists():  # file systems without hard links
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
    from gaozhi_cli.identity import masked

    with atomic_file(path, force=force) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield masked(stream)
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
    return inside_resolved(directory.resolve(), name)


def inside_resolved(base: Path, name: str) -> Path:
    """``path_inside`` for a folder already resolved (a batch resolves its folder once): a
    safe name is a plain child, so only a symbolic link in its place can lead outside."""
    target = base / safe_filename(name)
    if target.is_symlink():
        target = target.resolve()
    if target.parent != base:
        raise GaozhiError(f"文件名“{name}”会写到输出目录之外，已拒绝")
    return target
