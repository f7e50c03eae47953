"""Output too big to hold in memory, written as it is produced: to stdout, or to a file that
appears whole or not at all (the streaming twin of ``files.atomic_write``)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from gaozhi_cli.files import FileExistsError_


@contextmanager
def open_output(path: Path | None, *, force: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text stream: stdout when ``path`` is None. A file is written to a temporary name
    beside it and moved into place only when the block finishes without an exception; without
    ``force`` an existing file is refused before anything is computed and never replaced."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    if not force and path.exists():
        raise FileExistsError_(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".gaozhi-", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _commit(tmp, path, force=force)
    finally:
        tmp.unlink(missing_ok=True)


def _commit(tmp: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the name exists, even if it appeared just now
    except FileExistsError:
        raise FileExistsError_(path) from None
    except OSError:  # file systems without hard links
        if path.exists():
            raise FileExistsError_(path) from None
        os.replace(tmp, path)
