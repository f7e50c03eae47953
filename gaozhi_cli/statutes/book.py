"""The statute book: the compact index shipped in the package, plus the texts a user adds.

File format (``data/statutes.bin``, written by tools/build_statutes.py)::

    b"GZSB1\\n"  4-byte big-endian length  zlib(JSON index)  zlib blobs…

The index lists every document with its versions, order numbers and repeal; each document's
texts (one body per version, oldest first) are one zlib blob, read and parsed only when a
check needs an article of it. Loading the index costs a few milliseconds; ``gaozhi --help``
never imports this module.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from gaozhi_cli.errors import UsageError
from gaozhi_cli.statutes.model import Document, Event, KnownOrder, Repeal, Version
from gaozhi_cli.statutes.orders import Order, OrderKind
from gaozhi_cli.statutes.text import Body, parse_body
from gaozhi_cli.statutes.titles import loose_key, title_key

MAGIC = b"GZSB1\n"
DATA_FILE = "statutes.bin"


# -- writing and reading the file ---------------------------------------------------------------


def _order_out(o: Order) -> list[Any]:
    return [o.kind.value, o.number, o.issuer, o.year]


_KINDS = {k.value: k for k in OrderKind}


def _order_in(raw: list[Any]) -> Order:
    return Order(_KINDS[raw[0]], raw[1], raw[2], raw[3])


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def document_out(doc: Document, blob: int) -> dict[str, Any]:
    return {
        "t": doc.title,
        "l": doc.level,
        "i": doc.issuer,
        "v": [
            [
                _iso(v.day),
                _iso(v.effective),
                v.article_count,
                # the current header lists every earlier event too; order numbers are in "o"
                [[_iso(e.day), e.text] for e in v.events] if v is doc.current else [],
            ]
            for v in doc.versions
        ],
        "o": [[*_order_out(k.order), _iso(k.day), k.what] for k in doc.orders],
        "c": doc.orders_complete,
        "r": [_iso(doc.repeal.day), doc.repeal.by, doc.repeal.source] if doc.repeal else None,
        "g": doc.origin,
        "n": doc.note,
        "a": doc.annex_size,
        "b": blob,
    }


def document_in(raw: dict[str, Any]) -> Document:
    versions = [
        Version(
            date.fromisoformat(v[0]),
            tuple(Event(_day(e[0]), e[1]) for e in v[3]),
            _day(v[1]),
            v[2],
        )
        for v in raw["v"]
    ]
    repeal = raw["r"]
    return Document(
        title=raw["t"],
        level=raw["l"],
        issuer=raw["i"],
        versions=versions,
        orders=[KnownOrder(_order_in(o[:4]), _day(o[4]), o[5]) for o in raw["o"]],
        orders_complete=raw["c"],
        repeal=Repeal(_day(repeal[0]), repeal[1], repeal[2]) if repeal else None,
        origin=raw["g"],
        note=raw["n"],
        annex_size=raw["a"],
        ref=raw["b"],
    )


def write_book(
    path: Path, documents: Sequence[Document], texts: dict[int, list[str]], meta: dict[str, Any]
) -> int:
    """Write the book file; returns its size in bytes."""
    blobs: list[bytes] = []
    index_docs = []
    for n, doc in enumerate(documents):
        blobs.append(zlib.compress(json.dumps(texts[n], ensure_ascii=False).encode("utf-8"), 9))
        index_docs.append(document_out(doc, n))
    offsets, at = [], 0
    for blob in blobs:
        offsets.append([at, len(blob)])
        at += len(blob)
    index = {**meta, "documents": index_docs, "blobs": offsets}
    head = zlib.compress(json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)
    data = MAGIC + struct.pack(">I", len(head)) + head + b"".join(blobs)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return len(data)


@dataclass(frozen=True, slots=True)
class Lookup:
    document: Document
    how: str  # "exact" (the title, or its short form) or "loose" (暂行/试行 left out or added)


@dataclass(slots=True)
class StatuteBook:
    documents: list[Document]
    snapshot: date | None
    meta: dict[str, Any] = field(default_factory=dict)
    extra_files: list[str] = field(default_factory=list)  # the user's files that took part
    _blob: bytes = b""
    _base: int = 0
    _offsets: list[list[int]] = field(default_factory=list)
    _exact: dict[str, Document] = field(default_factory=dict)
    _loose: dict[str, list[Document]] = field(default_factory=dict)
    _by_order: dict[tuple[str, int], list[Document]] = field(default_factory=dict)
    _bodies: dict[tuple[int, int], Body] = field(default_factory=dict)
    checks: dict[tuple[str | None, ...], Any] = field(default_factory=dict)  # check_basis results

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        from gaozhi_cli.statutes.assemble import order_key

        self._exact.clear()
        self._loose.clear()
        self._by_order.clear()
        self.checks.clear()
        for doc in self.documents:
            key = title_key(doc.title)
            if key not in self._exact or self._exact[key].origin == "repealed":
                self._exact[key] = doc
            self._loose.setdefault(loose_key(doc.title), []).append(doc)
            for known in doc.orders:
                self._by_order.setdefault(order_key(known.order), []).append(doc)

    # -- looking documents up ----------------------------------------------------------------

    def lookup(self, title: str) -> Lookup | None:
        key = title_key(title)
        if not key:
            return None
        if key in self._exact:
            return Lookup(self._exact[key], "exact")
        # 《社会救助办法》 for 《社会救助暂行办法》: one document whose title differs in 暂行/试行 only
        candidates = self._loose.get(loose_key(title), [])
        real = [d for d in candidates if d.origin != "repealed"] or candidates
        return Lookup(real[0], "loose") if len(real) == 1 else None

    def with_order(self, order: Order) -> list[Document]:
        """Documents one of whose known order numbers is ``order``."""
        from gaozhi_cli.statutes.assemble import order_key

        found = self._by_order.get(order_key(order), [])
        return [d for n, d in enumerate(found) if all(d is not e for e in found[:n])]

    def similar(self, title: str, limit: int = 3) -> list[Document]:
        """The closest titles, for a name the book does not know."""
        import difflib

        keys = {k: docs[0] for k, docs in self._loose.items() if docs[0].origin != "repealed"}
        found = difflib.get_close_matches(loose_key(title), list(keys), n=limit, cutoff=0.75)
        return [keys[k] for k in found]

    # -- texts ---------------------------------------------------------------------------------

    def body(self, doc: Document, version: Version) -> Body:
        """The parsed articles of one version (cached)."""
        index = doc.versions.index(version)
        key = (id(doc), index)
        if key not in self._bodies:
            texts = self._texts(doc)
            self._bodies[key] = parse_body(texts[index] if index < len(texts) else "")
        return self._bodies[key]

    def current_text(self, doc: Document) -> str:
        """The current version's body as stored (one line per paragraph), unparsed."""
        texts = self._texts(doc)
        return texts[-1] if texts else ""

    def _texts(self, doc: Document) -> list[str]:
        if doc.texts is not None:
            return doc.texts
        at, size = self._offsets[doc.ref]
        start = self._base + at
        texts: list[str] = json.loads(zlib.decompress(self._blob[start : start + size]))
        doc.texts = texts
        return texts

    # -- the texts a user adds -------------------------------------------------------------------

    def add(self, documents: Iterable[Document]) -> None:
        """Merge documents read from a user's files: a new title is a new document; a title the
        book has gains the user's version (replacing one of the same date)."""
        for doc in documents:
            found = self._exact.get(title_key(doc.title))
            if found is None or found.origin == "repealed":
                self.documents.append(doc)
                continue
            texts = list(self._texts(found))
            for version, text in zip(doc.versions, doc.texts or [], strict=False):
                days = [v.day for v in found.versions]
                if version.day in days:
                    i = days.index(version.day)
                    found.versions[i], texts[i] = version, text
                else:
                    found.versions.append(version)
                    texts.append(text)
            order = sorted(range(len(found.versions)), key=lambda i: found.versions[i].day)
            found.versions = [found.versions[i] for i in order]
            found.texts = [texts[i] for i in order]
            found.orders = sorted(
                {(k.order.kind, k.order.number): k for k in [*found.orders, *doc.orders]}.values(),
                key=lambda k: (k.day or date.min, k.order.number),
            )
            found.orders_complete = found.orders_complete and doc.orders_complete
            if doc.repeal:
                found.repeal = doc.repeal
            found.origin = f"{found.origin}+{doc.origin}"
            self._bodies = {k: v for k, v in self._bodies.items() if k[0] != id(found)}
        self._index()


def read_book(data: bytes) -> StatuteBook:
    if not data.startswith(MAGIC):
        raise UsageError("法规库文件已损坏（文件头不对），请重新安装 gaozhi")
    (size,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    index = json.loads(zlib.decompress(data[start : start + size]))
    documents = [document_in(raw) for raw in index.pop("documents")]
    offsets = index.pop("blobs")
    return StatuteBook(
        documents,
        _day(index.get("snapshot")),
        index,
        _blob=data,
        _base=start + size,
        _offsets=offsets,
    )


def book_file() -> Path:
    return Path(str(resources.files("gaozhi_cli.statutes") / "data" / DATA_FILE))


@lru_cache(maxsize=4)
def load_book(extra: tuple[Path, ...] = ()) -> StatuteBook:
    """The shipped book with the user's folders of texts (``[statutes] extra``) merged in."""
    path = book_file()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"找不到法规库文件 {path}（{exc.strerror}），请重新安装 gaozhi") from None
    book = read_book(data)
    if extra:
        from gaozhi_cli.statutes.usertexts import read_folders

        found = read_folders(extra)
        book.add(found.documents)
        book.extra_files = found.files
    return book
