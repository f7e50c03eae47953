"""YAML to plain Python data that remembers the line and column of every key and value.

libyaml (through ruamel.yaml's C extension) composes the node tree; we build dicts and lists
from it ourselves, because the round-trip loader is about five times slower and the safe
loader forgets positions. Building it ourselves also lets us report duplicate keys instead of
stopping at the first, and refuse alias bombs before they expand. The plain YAML catalogues
are written in does not go through libyaml at all: yamlfast reads it into the same tree, some
two and a half times cheaper, and hands everything else back to the path here.
"""

from __future__ import annotations

import gc
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C extension; fall back to the pure-Python parser where it has no wheel
    from ruamel.yaml.cyaml import CSafeLoader

    class _CLoader(CSafeLoader):
        """The C loader, with the implicit-tag lookup skipped for scalars that cannot be
        anything but a string: those whose first character starts no implicit type (almost
        every Chinese value). The lookup is the Python half of composing; this halves it."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0] and value and value[0] not in _IMPLICIT_STARTS:
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    _IMPLICIT_STARTS = frozenset(k for k in CSafeLoader.yaml_implicit_resolvers if k is not None)
    if CSafeLoader.yaml_implicit_resolvers.get(None) or CSafeLoader.yaml_path_resolvers:  # pragma: no cover
        _CLoader = CSafeLoader  # type: ignore[misc]
    _STRING_TAG = _CLoader.DEFAULT_SCALAR_TAG
    HAVE_C_PARSER = True
    # The table yamlfast resolves plain scalars by, the loader's own; None (no fast path) when
    # resolvers it does not mirror (for any first character, or by path) are registered.
    IMPLICIT_RESOLVERS: dict[Any, list[tuple[str, Any]]] | None = (
        None if _CLoader is CSafeLoader else _CLoader.yaml_implicit_resolvers
    )
except ImportError:  # pragma: no cover - depends on the platform
    _STRING_TAG = None  # type: ignore[assignment]
    HAVE_C_PARSER = False
    IMPLICIT_RESOLVERS = None

MAX_DEPTH = 64
# Nodes that aliases may add in all; a real catalogue reuses a few small anchors at most.
MAX_ALIAS_EXPANSION = 100_000


class Pos(NamedTuple):
    """A 1-based position in the source text."""

    line: int
    column: int


class PMap(dict):  # type: ignore[type-arg]
    """A mapping with the position of the mapping, of each key and of each value."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}


class PSeq(list):  # type: ignore[type-arg]
    """A sequence with the position of the sequence and of each item."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the YAML itself. ``kind`` is 'syntax' or 'duplicate-key'."""

    kind: str
    pos: Pos
    message: str
    path: tuple[str | int, ...] = ()


@dataclass(slots=True)
class YamlDoc:
    data: Any  # PMap, PSeq, a scalar, or None for an empty document
    problems: list[Problem] = field(default_factory=list)


# tuple.__new__ makes a Pos without the Python-level __new__ that NamedTuple generates
_new_pos = tuple.__new__


def _pos(node: Node) -> Pos:
    mark = node.start_mark
    return _new_pos(Pos, (mark.line + 1, mark.column + 1))


# Patterns as text: compiled (by re's cache) only when a file has a syntax error.
_YAML_PROBLEMS_CN = [
    (
        r"mapping values are not allowed",
        "此处不能出现“键: 值”（冒号后的内容缩进不对，或值里有未加引号的“: ”）",
    ),
    (r"did not find expected key", "缩进不一致，找不到预期的键"),
    (r"did not find expected '-' indicator", "列表项缩进不一致，找不到预期的“- ”"),
    (r"did not find expected ',' or ']'", "方括号列表没有闭合，缺少“,”或“]”"),
    (r"did not find expected ',' or '}'", "花括号映射没有闭合，缺少“,”或“}”"),
    (
        r"found character .*that cannot start any token",
        "出现了不能作为开头的字符（常见原因：用了制表符 Tab 缩进，请改用空格）",
    ),
    (r"found undefined alias", "引用了未定义的锚点（*别名）"),
    (r"did not find expected node content", "此处缺少内容（方括号、花括号或引号没有闭合？）"),
    (r"found a tab character", "用了制表符 Tab 缩进，请改用空格"),
    (r"expected <document start>", "文档结构不对（顶层多出了内容，或缩进不一致）"),
    (
        r"found character that cannot start any token|found character '.*' that cannot start",
        "出现了不能作为开头的字符（常见原因：用了制表符 Tab 缩进，请改用空格）",
    ),
    (
        r"found unexpected end of stream|found unexpected end",
        "文件意外结束（引号或括号没有闭合）",
    ),
    (r"could not find expected ':'", "缺少“:”（键后面应跟冒号和空格）"),
    (r"found unknown escape character", "双引号字符串里有无效的转义字符（反斜杠）"),
    (r"block sequence entries are not allowed", "此处不能开始“- ”列表项（缩进不对）"),
    (
        r"expected a single document",
        "文件里有多个 YAML 文档（“---”分隔），一个目录文件只能有一个",
    ),
    (r"found duplicate anchor", "锚点（&名称）重复定义"),
    (r"found unexpected ':'", "出现了多余的“:”"),
    (r"expected <block end>, but found", "缩进不一致"),
]


def _problem_cn(exc: YAMLError) -> str:
    text = " ".join(str(p) for p in (getattr(exc, "problem", None), getattr(exc, "context", None)) if p)
    text = text or str(exc)
    for pattern, chinese in _YAML_PROBLEMS_CN:
        if re.search(pattern, text):
            return chinese
    return f"YAML 语法错误（{text}）"


def parse(text: str, *, use_c: bool = True) -> YamlDoc:
    """Parse one YAML document. Syntax faults come back as problems, never as exceptions."""
    # Nodes and the PMap/PSeq built from them hold no cycles, so the garbage collector would
    # only scan the hundreds of thousands of young objects a catalogue makes, again and again:
    # without it, a 3,000-item run spends 85 % less time collecting (a fifth of its CPU time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        if use_c:  # the plain YAML of catalogues is read without libyaml; the rest with it
            from gaozhi_cli.yamlfast import fast  # here: yamlfast builds on this module

            doc = fast(text)
            if doc is not None:
                return doc
        return _parse(text, use_c=use_c)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, *, use_c: bool) -> YamlDoc:
    use_c = use_c and HAVE_C_PARSER
    if use_c:
        deep = _too_deep(text)
        if deep is not None:
            return YamlDoc(None, [Problem("syntax", deep, f"嵌套层次过深（超过 {MAX_DEPTH} 层）")])
    try:
        node = _compose(text, use_c=use_c)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "unexpected end" in str(exc.problem) and exc.context_mark is not None:
            mark = exc.context_mark  # an unclosed quote or bracket: point where it opens
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        return YamlDoc(None, [Problem("syntax", pos, _problem_cn(exc))])
    except YAMLError as exc:  # ReaderError: control characters
        where = getattr(exc, "position", None)
        pos = _offset_pos(text, where) if isinstance(where, int) else Pos(1, 1)
        char = getattr(exc, "character", None)
        code = ord(char) if isinstance(char, str) and char else char
        shown = f"U+{code:04X}" if isinstance(code, int) else "（未知字符）"
        return YamlDoc(None, [Problem("syntax", pos, f"含有 YAML 不允许的控制字符 {shown}")])
    except RecursionError:
        return YamlDoc(None, [Problem("syntax", Pos(1, 1), f"嵌套层次过深（超过 {MAX_DEPTH} 层）")])
    if node is None:
        return YamlDoc(None)
    builder = _Builder()
    try:
        data = builder.build(node, (), 0)
    except _TooBig as exc:
        return YamlDoc(None, [Problem("syntax", exc.pos, exc.message)])
    return YamlDoc(data, builder.problems)


# libyaml's composer recurses in C: some 30,000 nested collections overflow the C stack and
# kill the process. Each collection opens with one of these characters, so a text with fewer
# of them cannot nest that deep; a text with more is measured by its events first.
_OPENERS = ("-", ":", "[", "{", "?")
_SAFE_OPENERS = 10_000


def _too_deep(text: str) -> Pos | None:
    """Where ``text`` nests collections deeper than MAX_DEPTH (the builder's limit, counted
    the same way), found from libyaml's events without composing; None when it does not, or
    when it cannot nest deep enough to matter."""
    if sum(map(text.count, _OPENERS)) <= _SAFE_OPENERS:
        return None
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    loader = _CLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, CollectionStartEvent):
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return _new_pos(Pos, (mark.line + 1, mark.column + 1))
                depth += 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return None  # composing reports it, and stops there, before a depth that matters
    finally:
        loader.dispose()
    return None


def _compose(text: str, *, use_c: bool) -> Node | None:
    if use_c:
        loader = _CLoader(text)
        try:
            return loader.get_single_node()  # type: ignore[no-any-return]
        finally:
            loader.dispose()
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).compose(text)  # type: ignore[no-any-return]


def _offset_pos(text: str, offset: int) -> Pos:
    before = text[:offset]
    return Pos(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


class _TooBig(Exception):
    def __init__(self, pos: Pos, message: str) -> None:
        self.pos = pos
        self.message = message


class _Builder:
    """Turns composed nodes into PMap/PSeq/scalars.

    An alias is the very node object of its anchor: we reuse the value built for it and count
    how much it would expand, so that a billion-laughs file is refused, not expanded.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.built: dict[int, tuple[Any, int]] = {}  # id(node) -> (value, expanded size)
        self.expanded = 0
        self.active: set[int] = set()

    def build(self, node: Node, path: tuple[str | int, ...], depth: int) -> Any:
        return self._build(node, path, depth)[0]

    def _build(self, node: Node, path: tuple[str | int, ...], depth: int) -> tuple[Any, int]:
        if isinstance(node, ScalarNode):
            return _scalar(node), 1
        key = id(node)
        seen = self.built.get(key)
        if seen is not None:
            self.expanded += seen[1]
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise _TooBig(_pos(node), "锚点和别名（&、*）展开后体积过大，疑似“别名炸弹”，已停止解析")
            return seen
        if key in self.active:
            raise _TooBig(_pos(node), "锚点引用了它自身（递归别名），无法解析")
        if depth > MAX_DEPTH:
            raise _TooBig(_pos(node), f"嵌套层次过深（超过 {MAX_DEPTH} 层）")
        self.active.add(key)
        if isinstance(node, SequenceNode):
            result: Any = PSeq(_pos(node))
            size = 1
            item_pos = result.item_pos
            for i, child in enumerate(node.value):
                mark = child.start_mark
                item_pos.append(_new_pos(Pos, (mark.line + 1, mark.column + 1)))
                if type(child) is ScalarNode:  # most nodes: no call, no path
                    result.append(child.value if child.ctag is _STRING_TAG else _scalar(child))
                    size += 1
                    continue
                value, n = self._build(child, (*path, i), depth + 1)
                result.append(value)
                size += n
        else:
            assert isinstance(node, MappingNode)
            result, size = self._mapping(node, path, depth)
        self.active.discard(key)
        self.built[key] = (result, size)
        return result, size

    def _mapping(self, node: MappingNode, path: tuple[str | int, ...], depth: int) -> tuple[PMap, int]:
        result = PMap(_pos(node))
        key_pos, value_pos = result.key_pos, result.value_pos
        size = 1
        merged: list[PMap] = []
        for key_node, value_node in node.value:
            if key_node.ctag is _STRING_TAG:
                key = key_node.value
            elif _tag(key_node) == "tag:yaml.org,2002:merge":
                value, n = self._build(value_node, path, depth + 1)
                size += n
                merged.extend(
                    v for v in (value if isinstance(value, list) else [value]) if isinstance(v, PMap)
                )
                continue
            else:
                key = self._key(key_node)
            kmark = key_node.start_mark
            kpos = _new_pos(Pos, (kmark.line + 1, kmark.column + 1))
            if key in result:
                self.problems.append(duplicate_key(key, kpos, key_pos[key], (*path, key)))
            vmark = value_node.start_mark
            key_pos[key] = kpos
            value_pos[key] = _new_pos(Pos, (vmark.line + 1, vmark.column + 1))
            if type(value_node) is ScalarNode:
                result[key] = value_node.value if value_node.ctag is _STRING_TAG else _scalar(value_node)
                size += 1
                continue
            value, n = self._build(value_node, (*path, key), depth + 1)
            result[key] = value
            size += n
        for source in merged:  # explicit keys win over merged ones, as YAML specifies
            for key, value in source.items():
                if key not in result:
                    result[key] = value
                    key_pos[key] = source.key_pos[key]
                    value_pos[key] = source.value_pos[key]
        return result, size

    def _key(self, node: Node) -> str:
        if node.ctag is _STRING_TAG:
            return node.value  # type: ignore[no-any-return]
        if isinstance(node, ScalarNode):
            return key_text(_scalar(node))
        return f"<{'列表' if isinstance(node, SequenceNode) else '映射'}>"


def key_text(value: Any) -> str:
    """A mapping key as the text the catalogue code looks keys up by."""
    return "" if value is None else str(value)


def duplicate_key(key: str, pos: Pos, first: Pos, path: tuple[str | int, ...]) -> Problem:
    return Problem(
        "duplicate-key",
        pos,
        f"键“{key}”重复（第 {first.line} 行已有），后者会覆盖前者；请删去或合并其中一个",
        path,
    )


def _tag(node: Node) -> str | None:
    """``node.tag``, without ruamel decoding the tag again on every call for the tags a
    resolver gives (no handle, no %-escapes): that was a tenth of parsing a catalogue."""
    ctag = node.ctag
    suffix = ctag.suffix if ctag is not None and ctag.handle is None else None
    if isinstance(suffix, str) and "%" not in suffix:
        return suffix
    return node.tag


_INT_BASES = {"0x": 16, "0o": 8, "0b": 2}
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?"
)


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    if node.ctag is _STRING_TAG:  # the tag our loader gives plain strings: no lookup needed
        return value
    return convert(_tag(node), value)


def convert(tag: str | None, value: str) -> Any:
    """A scalar's value from its resolved (or written) tag."""
    if tag == "tag:yaml.org,2002:str":
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == "tag:yaml.org,2002:int":
        return _int(value)
    if tag == "tag:yaml.org,2002:float":
        return _float(value)
    if tag == "tag:yaml.org,2002:timestamp":
        return _timestamp(value)
    return value  # unknown or custom tags: keep the text, never construct objects


def _int(value: str) -> int | str:
    v = value.replace("_", "")
    sign = -1 if v.startswith("-") else 1
    digits = v.lstrip("+-")
    try:
        base = _INT_BASES.get(digits[:2].lower(), 10)
        return sign * int(digits[2:] if base != 10 else digits, base)
    except ValueError:
        return value


def _float(value: str) -> float | str:
    v = value.replace("_", "").lower()
    if v.endswith((".inf", "inf")):
        return -math.inf if v.startswith("-") else math.inf
    if v.endswith("nan"):
        return math.nan
    try:
        return float(v)
    except ValueError:
        return value


def _timestamp(value: str) -> date | datetime | str:
    m = _TIMESTAMP.fullmatch(value.strip())
    if not m:
        return value
    try:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if m.group(4) is None:
            return date(year, month, day)
        fraction = int((m.group(7) or "0")[:6].ljust(6, "0"))
        stamp = datetime(year, month, day, int(m.group(4)), int(m.group(5)), int(m.group(6)), fraction)
        zone = m.group(8)
        if zone:
            if zone == "Z":
                return stamp.replace(tzinfo=timezone.utc)
            sign = -1 if zone[0] == "-" else 1
            hours, _, minutes = zone[1:].partition(":")
            if not minutes and len(hours) > 2:
                hours, minutes = hours[:2], hours[2:]
            offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
            return stamp.replace(tzinfo=timezone(sign * offset))
        return stamp
    except ValueError:
        return value


Aliases = dict[str, tuple[str, ...]]


def _walk(root: Any, path: tuple[str | int, ...], aliases: Aliases | None) -> tuple[Pos, Pos | None]:
    """Follow ``path`` as far as it exists. Returns the position reached (a key's or an item's)
    and, when the whole path exists and ends at a mapping entry, the position of its value."""
    node = root
    pos = getattr(root, "pos", _START)
    value: Pos | None = pos if not path else None
    for part in path:
        if isinstance(node, PSeq) and isinstance(part, int) and 0 <= part < len(node):
            pos = value = node.item_pos[part]
            node = node[part]
            continue
        if isinstance(node, PMap) and isinstance(part, str):
            key: str | None = part
            if part not in node:  # the name as written first; its other spellings only if absent
                key = next((k for k in (aliases or {}).get(part, ()) if k in node), None)
            if key is not None:
                pos, value = node.key_pos[key], node.value_pos[key]
                node = node[key]
                continue
        return pos, None
    return pos, value


_START = Pos(1, 1)


def locate(root: Any, path: tuple[str | int, ...], *, aliases: Aliases | None = None) -> Pos:
    """Where ``path`` points in the source: the key's position for a mapping entry, the item's
    for a sequence entry; when the path does not exist, the deepest existing ancestor.

    ``aliases`` gives other spellings of a key (English names) to try at each step.
    """
    return _walk(root, path, aliases)[0]


def value_pos(root: Any, path: tuple[str | int, ...], *, aliases: Aliases | None = None) -> Pos:
    """Like ``locate`` but, for a mapping entry that exists, the position of its value."""
    reached, value = _walk(root, path, aliases)
    return value or reached
