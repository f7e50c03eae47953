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
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from gaozhi_cli.errors import UsageError
from gaozhi_cli.statutes.model import Document, Event, KnownOrder, Repeal, Version
from gaozhi_cli.statutes.orders import Order, OrderKind, order_key
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
    """Write the book file; returns its size in bytes. Lookup keys are stored with each
    document, so that a run builds only the documents it asks for."""
    blobs: list[bytes] = []
    index_docs = []
    for n, doc in enumerate(documents):
        blobs.append(zlib.compress(json.dumps(texts[n], ensure_ascii=False).encode("utf-8"), 9))
        raw = document_out(doc, n)
        raw["k"] = [
            title_key(doc.title),
            loose_key(doc.title),
            [list(order_key(k.order)) for k in doc.orders],
        ]
        index_docs.append(raw)
    offsets, at = [], 0
    for blob in blobs:
        offsets.append([at, len(blob)])
        at += len(blob)
    council = sorted(
        {
            (k.order.number, _iso(k.day))
            for d in documents
            for k in d.orders
            if k.day and k.order.kind in (OrderKind.STATE_COUNCIL, OrderKind.STATE_COUNCIL_CMC)
        }
    )
    index = {**meta, "council": council, "documents": index_docs, "blobs": offsets}
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


class StatuteBook:
    """The documents of the book, built from the index when first asked for, with lookups by
    title, short title and order number, and the parsed texts of the versions asked for."""

    def __init__(
        self,
        raw: list[dict[str, Any]],
        snapshot: date | None,
        meta: dict[str, Any],
        blob: bytes = b"",
        base: int = 0,
        offsets: list[list[int]] | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.meta = meta
        self.extra_files: list[str] = []  # the user's files that took part
        self.checks: dict[tuple[str | None, ...], Any] = {}  # check_basis results, by basis
        self._raw = raw
        self._docs: list[Document | None] = [None] * len(raw)
        self._blob, self._base, self._offsets = blob, base, offsets or []
        self._bodies: dict[tuple[int, int], Body] = {}
        self._exact: dict[str, int] = {}
        self._loose: dict[str, list[int]] = {}
        self._by_order: dict[tuple[str, int], list[int]] = {}
        self._index([(r["k"][0], r["k"][1], [tuple(k) for k in r["k"][2]]) for r in raw])

    def _index(self, keys: list[tuple[str, str, list[Any]]]) -> None:
        self._exact.clear()
        self._loose.clear()
        self._by_order.clear()
        self.checks.clear()
        for n, (exact, loose, orders) in enumerate(keys):
            if exact not in self._exact or self._origin(self._exact[exact]) == "repealed":
                self._exact[exact] = n
            self._loose.setdefault(loose, []).append(n)
            for key in orders:
                self._by_order.setdefault(key, []).append(n)

    def _origin(self, n: int) -> str:
        doc = self._docs[n]
        return doc.origin if doc is not None else str(self._raw[n]["g"])

    def _doc(self, n: int) -> Document:
        doc = self._docs[n]
        if doc is None:
            doc = self._docs[n] = document_in(self._raw[n])
        return doc

    @property
    def documents(self) -> list[Document]:
        return [self._doc(n) for n in range(len(self._docs))]

    @cached_property
    def council_numbers(self) -> list[tuple[int, date]]:
        """Every 国务院令 number the book knows with its day (numbers run in time order)."""
        return [(n, date.fromisoformat(d)) for n, d in self.meta.get("council", [])]

    # -- looking documents up ----------------------------------------------------------------

    def lookup(self, title: str) -> Lookup | None:
        key = title_key(title)
        if not key:
            return None
        if key in self._exact:
            return Lookup(self._doc(self._exact[key]), "exact")
        # 《社会救助办法》 for 《社会救助暂行办法》: one document whose title differs in 暂行/试行 only
        candidates = self._loose.get(loose_key(title), [])
        real = [n for n in candidates if self._origin(n) != "repealed"] or candidates
        return Lookup(self._doc(real[0]), "loose") if len(real) == 1 else None

    def with_order(self, order: Order) -> list[Document]:
        """Documents one of whose known order numbers is ``order``."""
        return [self._doc(n) for n in dict.fromkeys(self._by_order.get(order_key(order), []))]

    def similar(self, title: str, limit: int = 3) -> list[Document]:
        """The closest titles, for a name the book does not know."""
        import difflib

        keys = {k: ns[0] for k, ns in self._loose.items() if self._origin(ns[0]) != "repealed"}
        found = difflib.get_close_matches(loose_key(title), list(keys), n=limit, cutoff=0.75)
        return [self._doc(keys[k]) for k in found]

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
            n = self._exact.get(title_key(doc.title))
            if n is None or self._origin(n) == "repealed":
                self._raw.append({})
                self._docs.append(doc)
                self._exact[title_key(doc.title)] = len(self._docs) - 1
                continue
            found = self._doc(n)
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
        docs = self.documents
        self._index(
            [(title_key(d.title), loose_key(d.title), [order_key(k.order) for k in d.orders]) for d in docs]
        )


def read_book(data: bytes) -> StatuteBook:
    if not data.startswith(MAGIC):
        raise UsageError("法规库文件已损坏（文件头不对），请重新安装 gaozhi")
    try:
        (size,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
        start = len(MAGIC) + 4
        index = json.loads(zlib.decompress(data[start : start + size]))
        raw = index.pop("documents")
        offsets = index.pop("blobs")
    except (struct.error, zlib.error, ValueError, KeyError) as exc:
        raise UsageError(f"法规库文件已损坏（{type(exc).__name__}），请重新安装 gaozhi") from None
    return StatuteBook(raw, _day(index.get("snapshot")), index, data, start + size, offsets)


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
    missing = [p for p in extra if not p.exists()]
    if missing:
        raise UsageError(
            f"配置 [statutes] extra 中的 {missing[0]} 不存在；请改正配置，或先用 gaozhi statutes add 加入文本（会创建它）"
        )
    if extra:
        from gaozhi_cli.statutes.usertexts import read_folders

        found = read_folders(extra)
        book.add(found.documents)
        book.extra_files = found.files
    return book
