"""Whether ``catalog fmt`` would leave a file as it is, decided from gaozhi's own position tree.

A ruamel.yaml round trip costs a hundred times a validation, and most files a CI run checks
are tidy already. A file is proven tidy when every line is one that fmt writes unchanged:
序号 numbered 1, 2, 3…; keys in the schema's order; block mappings indented by 2 and lists by
4 with the dash at 2; each value a plain one-line scalar in the form ruamel writes it, a
simple quoted one (ruamel keeps the quotes), or a flow list or mapping of plain scalars in
ruamel's spacing, with or without an end-of-line comment after a space or more (ruamel keeps
its column); every other line blank or a comment (ruamel keeps comments verbatim). Anything
else — block scalars, anchors, tags, escapes, numbers that are not plain integers — is not
decided here: the caller formats such a file the long way. So ``False`` means "not proven",
never "untidy".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from gaozhi_cli.catalog.model import Catalog
from gaozhi_cli.modelbase import nested_model
from gaozhi_cli.yamldoc import PMap, Pos, PSeq

SEQ_KEYS = ("序号", "seq")
ITEMS_KEYS = ("证明事项", "items")
# anchors, aliases, tags, merge keys, directives and document markers: left to ruamel
UNDECIDED = re.compile(r"(?:^|[\s\[{,])[&*!]|<<|^(?:---|\.\.\.|%)", re.M)
# characters that make a plain scalar mean something else at its start, or anywhere
_INDICATOR_START = frozenset("-?:,[]{}#&*!|>'\"%@`~ ")
_FLOW_INDICATORS = frozenset(",[]{}")
# plain scalars that a YAML 1.1 or 1.2 reader may take for a number, date, bool or null
_NUMBER_START = re.compile(r"[-+]?\.?\d|[-+]?\.(?:inf|nan)", re.IGNORECASE)
_KEYWORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_PHONE = re.compile(r"0\d{2,3}-\d{7,8}")  # 0356-2000101: a string to every reader
# characters ruamel writes as they are (allow_unicode); any other one makes it quote and escape
# (the complement of those, spelled as ranges: compiled in a tenth of the time)
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff]")
# ruamel wraps plain text at a space past its width (4096): a line this long is left to it
MAX_LINE = 4000

_RANKS: dict[type[BaseModel], dict[str, int]] = {}


def key_rank(model: type[BaseModel] | None) -> dict[str, int]:
    if model is None:
        return {}
    rank = _RANKS.get(model)
    if rank is None:
        rank = {}
        for n, (name, info) in enumerate(model.model_fields.items()):
            rank[name] = n
            if info.alias:
                rank[info.alias] = n
        _RANKS[model] = rank
    return rank


_CHILDREN: dict[type[BaseModel], dict[str, type[BaseModel] | None]] = {}


def child_model(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    """The model of the value under ``key`` (Item for the item list, Basis for 设定依据…)."""
    if model is None:
        return None
    children = _CHILDREN.get(model)
    if children is None:  # once per model: this runs for every key of every file
        children = {}
        for name, info in model.model_fields.items():
            child = nested_model(info.annotation)
            children.setdefault(name, child)
            if info.alias:
                children.setdefault(info.alias, child)
        _CHILDREN[model] = children
    return children.get(key)


class NotProven(Exception):
    pass


def is_tidy(text: str, root: Any) -> bool:
    """True when ``catalog fmt`` is proven to give ``text`` back unchanged; ``root`` is
    ``text`` parsed by yamldoc (without problems)."""
    if not isinstance(root, PMap) or not text.endswith("\n") or text.startswith("\n"):
        return False  # ruamel drops blank lines at the start
    if UNDECIDED.search(text):
        return False
    lines = text.split("\n")
    checker = _Checker(lines)
    try:
        checker.mapping(root, Catalog, 1, dash=False)
    except NotProven:
        return False
    for number, line in enumerate(lines[:-1], 1):
        if number not in checker.claimed and line and not line.lstrip(" ").startswith("#"):
            return False  # a continuation line, or something else fmt may change
        if len(line) > MAX_LINE:
            return False
    return True


class _Checker:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.claimed: set[int] = set()

    def _line(self, pos: Pos) -> str:
        if pos.line in self.claimed or pos.line > len(self.lines):
            raise NotProven
        self.claimed.add(pos.line)
        return self.lines[pos.line - 1]

    def mapping(self, node: PMap, model: type[BaseModel] | None, column: int, *, dash: bool) -> None:
        """A block mapping whose keys sit at ``column``; ``dash``: its first key shares the
        line of a list item's "- "."""
        if not node:
            raise NotProven
        rank = key_rank(model)
        last, previous_line = -1, 0
        items_of_catalog = model is Catalog
        for n, (key, value) in enumerate(node.items()):
            key_pos = node.key_pos[key]
            order = rank.get(key, len(rank))
            if order < last or key_pos.line <= previous_line or key_pos.column != column:
                raise NotProven
            last, previous_line = order, key_pos.line
            line = self._line(key_pos)
            lead = " " * (column - 3) + "- " if dash and n == 0 else " " * (column - 1)
            head = f"{lead}{key}:"
            if not line.startswith(head) or not plain_key(key):
                raise NotProven
            rest = split_comment(line[len(head) :])[0]
            child = child_model(model, key)
            if items_of_catalog and key in ITEMS_KEYS:
                self._items(value)
            if isinstance(value, PMap | PSeq) and value:
                if self._is_flow(value):
                    if rest != " " + _flow(value, child):
                        raise NotProven
                    continue
                if rest:
                    raise NotProven
                if isinstance(value, PMap):
                    self.mapping(value, child, column + 2, dash=False)
                else:
                    self.sequence(value, child, column + 2)
            elif not _value_is(rest, value):
                raise NotProven

    def sequence(self, node: PSeq, model: type[BaseModel] | None, column: int) -> None:
        """A block list whose dashes sit at ``column``."""
        for value, pos in zip(node, node.item_pos, strict=True):
            if pos.column != column + 2:
                raise NotProven
            if isinstance(value, PMap) and value and not self._is_flow(value):
                self.mapping(value, model, column + 2, dash=True)
                continue
            if isinstance(value, PMap | PSeq):
                raise NotProven  # a list in a list, or a flow collection as an item
            line = self._line(pos)
            lead = " " * (column - 1) + "-"
            if not line.startswith(lead) or not _value_is(split_comment(line[len(lead) :])[0], value):
                raise NotProven

    def _is_flow(self, node: PMap | PSeq) -> bool:
        pos = node.pos
        char = self.lines[pos.line - 1][pos.column - 1 : pos.column]
        return char in ("[", "{")

    def _items(self, items: Any) -> None:
        """序号 numbered 1, 2, 3… on every item: fmt renumbers otherwise."""
        if not isinstance(items, PSeq):
            return
        for n, item in enumerate(items, 1):
            if not isinstance(item, PMap):
                continue
            seq = next((item[k] for k in SEQ_KEYS if k in item), None)
            if isinstance(seq, bool) or seq != n or not isinstance(seq, int):
                raise NotProven


def plain_key(key: str) -> bool:
    return bool(key) and is_plain(key)


def is_plain(value: str) -> bool:
    """A one-line string that ruamel writes plain, as it is."""
    if not value or value[0] in _INDICATOR_START or value[-1] in " :" or "\n" in value:
        return False
    if ": " in value or " #" in value or _UNPRINTABLE.search(value):
        return False  # tabs, line breaks, U+FEFF… are escaped
    if value.lower() in _KEYWORDS:
        return False
    if _NUMBER_START.match(value):  # 7个工作日内 is text; 2021-3-1 or 1e3 may not be
        return not value.isascii() or _PHONE.fullmatch(value) is not None
    return True


def scalar_text(value: Any) -> str:
    """How ruamel writes a scalar of this value, if it is one whose form we know."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and is_plain(value):
        return value
    raise NotProven


def _value_is(rest: str, value: Any) -> bool:
    """``rest`` (what follows ``key:`` or ``-``) is a scalar ``value`` as ruamel writes it."""
    if value is None:
        return rest == ""
    if rest[:1] != " ":
        return False
    if quoted_as_written(rest[1:], value):
        return True
    try:
        return rest[1:] == scalar_text(value)
    except NotProven:
        return False


def quoted_as_written(raw: str, value: Any) -> bool:
    """``raw`` is ``value`` in quotes that ruamel writes back as they are: single quotes, or
    double quotes with no escape in them."""
    if not isinstance(value, str) or _UNPRINTABLE.search(value):
        return False
    if raw[:1] == "'":
        return raw == "'" + value.replace("'", "''") + "'"
    return raw[:1] == '"' and '"' not in value and "\\" not in value and raw == f'"{value}"'


_EOL_COMMENT = re.compile(r" +#")


def split_comment(rest: str) -> tuple[str, str]:
    """``rest`` of a line (what follows ``key:``) and its end-of-line comment, from the
    spaces before the "#"."""
    found = _EOL_COMMENT.search(rest)
    return (rest, "") if found is None else (rest[: found.start()], rest[found.start() :])


def _flow(node: PMap | PSeq, model: type[BaseModel] | None) -> str:
    """A flow collection as ruamel writes it (keys of a mapping in the schema's order)."""
    if isinstance(node, PSeq):
        parts = [flow_scalar(v) for v in node]
        return "[" + ", ".join(parts) + "]"
    rank, last = key_rank(model), -1
    parts = []
    for key, value in node.items():
        order = rank.get(key, len(rank))
        if order < last:
            raise NotProven
        last = order
        parts.append(f"{flow_scalar(key)}: {flow_scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def flow_scalar(value: Any) -> str:
    if isinstance(value, PMap | PSeq) or value is None:
        raise NotProven
    text = scalar_text(value)
    if any(c in _FLOW_INDICATORS for c in text):
        raise NotProven
    return text
