"""What fmt's ruamel.yaml round trip writes, worked out on the text for the common untidy file.

A round trip costs some 15 ms per item. Yet for the faults a liaison's file usually has — 序号
wrong or missing, keys in the wrong order, lists or mappings indented by 4 or 0, extra spaces
after a colon, trailing spaces, CRLF line ends — it rewrites the file line by line, and the
new lines can be written here from yamldoc's positions: every key line in the canonical
indentation and spacing with 序号 renumbered, flow mappings in schema order, simple quotes
kept, an end-of-line comment at its column (or one space after a longer line), comment lines
verbatim (a CRLF file's comments keep their CR, as ruamel leaves them), blank lines emptied.
fmt then moves keys on this text as it does on ruamel's. Anything else — block scalars,
escapes, anchors, tabs, a value over two lines — gives None, and the caller takes the round
trip. tests/catalog/test_fmt_text.py holds the two to the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from gaozhi_cli.catalog.model import Catalog
from gaozhi_cli.catalog.tidy import (
    ITEMS_KEYS,
    MAX_LINE,
    SEQ_KEYS,
    UNDECIDED,
    NotProven,
    child_model,
    flow_scalar,
    key_rank,
    plain_key,
    quoted_as_written,
    scalar_text,
    split_comment,
)
from gaozhi_cli.yamldoc import PMap, Pos, PSeq

# tabs (ruamel refuses some that libyaml takes), line breaks other than LF and CRLF, a BOM
_REFUSED = re.compile("[\t\x85\u2028\u2029\ufeff]|\r(?!\n)")
_DASH = re.compile(r" *- +")
_NULLS = ("", "~", "null")
_QUOTED = re.compile(r"'[^'#]*'|\"[^\"\\#]*\"")  # a 序号 like '3': replaced by a number
_FLOW_SPACE = re.compile(r" *([,\[\]{}:]) *")


@dataclass(frozen=True, slots=True)
class Canonical:
    text: str
    # its block mappings and lists with their positions in ``text`` (what fmt moves keys by),
    # or None when lines were added or dropped: then ``text`` must be parsed for them
    tree: PMap | None


def canonical_text(text: str, root: Any) -> Canonical | None:
    """The text fmt's round trip gives for ``text`` (before keys are moved), or None when it is
    not known here; ``root`` is ``text`` parsed by yamldoc (without problems)."""
    if not isinstance(root, PMap) or not root or UNDECIDED.search(text) or _REFUSED.search(text):
        return None
    if "\r" in text and text.count("\r\n") != text.count("\n"):
        return None  # CRLF and LF mixed
    lines = text.split("\n")
    if lines[-1].strip(" ") == "":
        lines.pop()  # the final newline; or spaces after it, which ruamel drops
    if not lines or lines[0].strip(" \r") == "":
        return None  # ruamel drops blank lines at the start
    writer = _Writer([line.removesuffix("\r") for line in lines])
    try:
        tree = writer.mapping(root, Catalog, 1, dash=False)
    except NotProven:
        return None
    shifted = writer.inserted
    out: list[str] = []
    last = ""  # the kind of the last line that is not blank (see _Writer.kinds), "#" a comment
    for number, (line, bare) in enumerate(zip(lines, writer.lines, strict=True), 1):
        new = writer.out.get(number)
        if new is not None:
            last = writer.kinds[number]
            if last == "c" and line.endswith("\r"):
                new += "\r"  # an end-of-line comment keeps its CR too
        elif bare.lstrip(" ").startswith("#"):
            new, last = line, "#"  # a comment, kept as it is (with its CR)
        elif bare.strip(" "):
            return None  # the rest of a value, or something else
        elif line and last != "v":
            # spaces or a CR: ruamel empties such a line after a plain scalar (which might have
            # gone on), drops one of spaces after a comment, a quoted scalar or a flow
            # collection, and does other things elsewhere
            if last in ("#", "c", "q", "f") and "\r" not in line:
                shifted = True
                continue
            return None
        else:
            new = ""
        if len(new) > MAX_LINE:
            return None
        out.append(new)
    return Canonical("\n".join(out) + "\n", None if shifted else tree)


class _Writer:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.out: dict[int, str] = {}  # line number -> its new text
        self.inserted = False  # a 序号 line was added
        # how each line written ends in the input: "v" a plain scalar, "q" a quoted one, "f" a
        # flow collection, ":" nothing after the colon, "c" an end-of-line comment
        self.kinds: dict[int, str] = {}

    def _claim(self, pos: Pos) -> str:
        if pos.line in self.out or pos.line > len(self.lines):
            raise NotProven
        self.out[pos.line] = ""
        return self.lines[pos.line - 1]

    def mapping(
        self, node: PMap, model: type[BaseModel] | None, column: int, *, dash: bool, number: int = 0
    ) -> PMap:
        """A block mapping written with its keys at ``column``; ``dash``: it is a list item;
        ``number``: it is the catalogue's item with this 序号. Returns it as written (flow
        collections as None: fmt leaves them where they are)."""
        if not node:
            raise NotProven
        seq_key = next((k for k in SEQ_KEYS if k in node), None) if number else None
        first = next(iter(node.key_pos.values())).line
        written = PMap(Pos(first, column))
        for n, (key, value) in enumerate(node.items()):
            pos = node.key_pos[key]
            line = self._claim(pos)
            written.key_pos[key] = Pos(pos.line, column)
            written[key] = value
            start, end = pos.column - 1, pos.column + len(key)
            prefix = line[:start]
            if not (_DASH.fullmatch(prefix) if dash and n == 0 else prefix.strip(" ") == ""):
                raise NotProven
            if not plain_key(key) or line[start:end] != key + ":" or line[end : end + 1] not in ("", " "):
                raise NotProven
            rest, comment = split_comment(line[end:])
            raw = rest.strip(" ")
            head = (" " * (column - 3) + "- " if dash and n == 0 else " " * (column - 1)) + key + ":"
            child = child_model(model, key)
            if isinstance(value, PMap | PSeq) and value:
                if self._is_flow(value):
                    if _squeeze(raw) != _squeeze(_flow(value, None)):
                        raise NotProven
                    self.out[pos.line] = f"{head} {_flow(value, child)}"
                    self.kinds[pos.line] = "f"
                    written[key] = None
                elif raw:
                    raise NotProven
                elif isinstance(value, PMap):
                    self.out[pos.line] = head
                    written[key] = self.mapping(value, child, column + 2, dash=False)
                else:
                    self.out[pos.line] = head
                    items = model is Catalog and key == next((k for k in ITEMS_KEYS if k in node), None)
                    written[key] = self.sequence(value, child, column + 2, items=items)
            elif key == seq_key:
                if not _any_scalar(raw, value):
                    raise NotProven
                self.out[pos.line] = f"{head} {number}"
            else:
                self.out[pos.line] = head + _scalar(raw, value)
            self.kinds.setdefault(pos.line, _kind(raw))
            if comment:
                self._comment(pos.line, line, comment)
        if number and seq_key is None:  # fmt gives the item a 序号 of its own, first
            line = self.out[first]
            self.out[first] = f"{line[: column - 1]}序号: {number}\n{' ' * (column - 1)}{line[column - 1 :]}"
            self.inserted = True
        return written

    def sequence(self, node: PSeq, model: type[BaseModel] | None, column: int, *, items: bool) -> PSeq:
        """A block list written with its dashes at ``column``; ``items``: the catalogue's items."""
        written = PSeq(Pos(node.item_pos[0].line, column))
        for n, (value, pos) in enumerate(zip(node, node.item_pos, strict=True), 1):
            written.item_pos.append(Pos(pos.line, column + 2))
            if isinstance(value, PMap) and value and not self._is_flow(value):
                written.append(self.mapping(value, model, column + 2, dash=True, number=n if items else 0))
                continue
            if isinstance(value, PMap | PSeq) or value is None:
                raise NotProven
            line = self._claim(pos)
            if not _DASH.fullmatch(line[: pos.column - 1]):
                raise NotProven
            rest, comment = split_comment(line[pos.column - 1 :])
            self.out[pos.line] = " " * (column - 1) + "-" + _scalar(rest.rstrip(" "), value)
            self.kinds[pos.line] = _kind(rest.strip(" "))
            if comment:
                self._comment(pos.line, line, comment)
            written.append(value)
        return written

    def _comment(self, number: int, line: str, comment: str) -> None:
        """An end-of-line comment stays at its column, or one space after a longer line."""
        column = len(line) - len(comment.lstrip(" "))
        new = self.out[number]
        self.out[number] = new + " " * max(1, column - len(new)) + comment.lstrip(" ")
        self.kinds[number] = "c"

    def _is_flow(self, node: PMap | PSeq) -> bool:
        line, column = node.pos
        return self.lines[line - 1][column - 1 : column] in ("[", "{")


def _kind(raw: str) -> str:
    return ":" if not raw else "q" if raw[0] in "'\"" else "v"


def _scalar(raw: str, value: Any) -> str:
    """What follows ``key:`` for a scalar written ``raw``."""
    if value is None:
        if raw not in _NULLS:
            raise NotProven
        return ""
    if raw != scalar_text(value) and not quoted_as_written(raw, value):
        raise NotProven
    return " " + raw


def _any_scalar(raw: str, value: Any) -> bool:
    """``raw`` is the whole of a one-line scalar: a 序号 fmt replaces whatever it was."""
    if isinstance(value, PMap | PSeq):
        return False
    if value is None:
        return raw in _NULLS
    if _QUOTED.fullmatch(raw):
        return bool(raw[1:-1] == value)
    try:
        return raw == scalar_text(value)
    except NotProven:
        return False


def _flow(node: PMap | PSeq, model: type[BaseModel] | None) -> str:
    """A one-line flow collection as ruamel writes it, a mapping's keys in ``model``'s order."""
    if isinstance(node, PSeq):
        return "[" + ", ".join(_flow_item(v) for v in node) + "]"
    rank, keys = key_rank(model), list(node)
    ordered = sorted(range(len(keys)), key=lambda i: (rank.get(keys[i], len(rank)), i))
    return "{" + ", ".join(f"{_flow_item(keys[i])}: {_flow_item(node[keys[i]])}" for i in ordered) + "}"


def _flow_item(value: Any) -> str:
    text = flow_scalar(value)
    if ":" in text:  # so that the only colons are a mapping's
        raise NotProven
    return text


def _squeeze(flow: str) -> str:
    """A flow collection without the spaces around its indicators, which ruamel rewrites."""
    return _FLOW_SPACE.sub(r"\1", flow)
