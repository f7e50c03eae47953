"""A reader for the plain YAML that catalogues are written in, building yamldoc's tree directly.

libyaml through ruamel makes a Python node and two marks per scalar, and yamldoc then walks
them again: most of a validate run went there. Catalogues use a small part of YAML — block
mappings and lists indented with spaces, ``- key: value`` items, one-line plain and quoted
scalars, one-line flow lists and mappings of scalars, comments — and that part can be read
line by line, giving the same data, positions (columns as libyaml counts them: characters)
and duplicate-key problems. Anything else, anything in doubt and every syntax error gives
None, and yamldoc takes the libyaml path, with its Chinese messages and its alias and depth
guards. Plain scalars are resolved by the loader's own implicit-resolver table.
tests/catalog/test_yamldoc_fast.py holds the two paths to the same result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from gaozhi_cli.yamldoc import (
    IMPLICIT_RESOLVERS,
    MAX_DEPTH,
    PMap,
    Pos,
    Problem,
    PSeq,
    YamlDoc,
    convert,
    duplicate_key,
    key_text,
)

# Characters libyaml reads differently or refuses: tabs, CR (after CRLF is made LF), control
# characters, NEL, LS, PS, a BOM past the start, surrogates, U+FFFE/U+FFFF.
# (Spelled as the refused ranges, not the complement of the accepted ones: the same set, and
# compiled in a tenth of the time, 1 ms instead of 10, at every start.)
_REFUSED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# a plain key (no '#' or ':' in it, no indicator first) and the ':' and spaces after it
_KEY_TEXT = r"[^ #'\"?:,\[\]{}&*!|>%@`\-\n](?:[^:#\n]*[^ :#\n])?"
_KEY = re.compile(rf"({_KEY_TEXT}) *(:)(?: +|$)")
# A plain scalar of one line: words between spaces, the first not starting with an indicator,
# none ending with ':' (that would be a key), none after the first starting with '#' (a
# comment).
_PLAIN = (
    r"(?:[^ #'\"\[{,?:\]}&*!|>%@`\-\n]|-(?=[^ \n]))(?:[^ \n]*[^ :\n])?"
    r"(?: +(?:[^ #:\n]|[^ #\n][^ \n]*[^ :\n]))*"
)
_SINGLE_TEXT = r"'(?:[^'\n]|'')*'"
_DOUBLE_TEXT = r'"(?:[^"\\\n]|\\.)*"'
# A scalar in a flow collection: quoted, or plain without ':' or '#' (those are left to
# libyaml), with the spaces after it. A flow list or mapping of them on one line.
_FLOW_PLAIN = r"(?:[^ ,\[\]{}#:'\"?&*!|>%@`\-\n]|-[^ ,\[\]{}#:\n])[^,\[\]{}#:\n]*"
_FLOW_SCALAR = rf"{_FLOW_PLAIN}|{_SINGLE_TEXT} *|{_DOUBLE_TEXT} *"
_FLOW_PAIR = rf"{_FLOW_PLAIN}: +(?:{_FLOW_SCALAR})"
_FLOW = (
    rf"\[ *(?:(?:{_FLOW_SCALAR})(?:, *(?:{_FLOW_SCALAR}))*(?:, *)?)?\]"
    rf"|\{{ *(?:{_FLOW_PAIR}(?:, *{_FLOW_PAIR})*(?:, *)?)?\}}"
)
_END = r"(?: +#.*| *)$"
# _LINE reads what most catalogue lines are — `key: value`, `key:`, `- key: value`, `- value`
# with a plain scalar or a flow collection as the value — in one pass over the text: groups
# indent, spaces after the dash, key, spaces before and after the ':', value; indent, spaces,
# value of an item; or the whole line when it is something else.
_LINE = re.compile(
    rf"^(?:( *)(?:-( +))?({_KEY_TEXT})( *):(?:( +)({_PLAIN}|{_FLOW}))?{_END}"
    rf"|( *)-( +)({_PLAIN}|{_FLOW}){_END}|(.*)$)",
    re.M,
)
_FLOW_ITEMS = re.compile(_FLOW_SCALAR)  # the items of a flow list _LINE has read
_FLOW_PAIRS = re.compile(rf"({_FLOW_PLAIN}): +({_FLOW_SCALAR})")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(?:([0abtnvfre \"/\\N_LP])|x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_ESCAPED = dict(zip('0abtnvfre "/\\N_LP', '\0\a\b\t\n\v\f\r\x1b "/\\\x85\xa0\u2028\u2029', strict=True))
_CHUNK = 1 << 16  # characters
_SPACES = re.compile(" *")
_TAIL = re.compile(r"(?: +(?:#.*)?)?$")  # what may follow a quoted scalar
_MERGE = "tag:yaml.org,2002:merge"
# libyaml gives up on a key that runs 1024 characters (counted as bytes in some versions)
_MAX_KEY = 250
_STARTS = frozenset(k for k in IMPLICIT_RESOLVERS or () if k is not None)
_new_pos = tuple.__new__


class _Decline(Exception):
    """Not in the part of YAML read here: yamldoc takes the libyaml path."""


def fast(text: str) -> YamlDoc | None:
    """``text`` parsed as yamldoc's libyaml path would, or None when it is not in the subset."""
    if IMPLICIT_RESOLVERS is None:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]  # libyaml skips a leading BOM without counting a column
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _REFUSED.search(text):
        return None
    reader = _Reader()
    try:
        root = reader.read(text)
    except _Decline:
        return None
    return YamlDoc(root, reader.problems)


@lru_cache(maxsize=4096)
def _resolved(text: str) -> tuple[str | None, Any]:
    """The implicit tag of a plain scalar whose first character starts one, and its value."""
    for tag, regexp in IMPLICIT_RESOLVERS.get(text[0], ()):  # type: ignore[union-attr]
        if regexp.match(text):
            return tag, convert(tag, text)
    return None, text


def _plain_key(text: str) -> str:
    if len(text) > _MAX_KEY or text.startswith("..."):
        raise _Decline  # long keys; '... :' at the start of a line ends the document
    if text[0] not in _STARTS:
        return text
    tag, value = _resolved(text)
    if tag == _MERGE:
        raise _Decline
    return key_text(value)


def _unescape(match: re.Match[str]) -> str:
    simple = match.group(1)
    if simple is not None:
        return _ESCAPED[simple]
    code = int(match.group(2) or match.group(3) or match.group(4), 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _Decline
    return chr(code)


def _quoted(line: str, p: int) -> tuple[str, int]:
    """The quoted scalar at ``p`` (closed on this line) and the index after it."""
    if line[p] == "'":
        m = _SINGLE.match(line, p)
        if m is None:
            raise _Decline
        return m.group(1).replace("''", "'"), m.end()
    m = _DOUBLE.match(line, p)
    if m is None:
        raise _Decline
    text = m.group(1)
    if "\\" in text:
        if "\\" in _ESCAPE.sub("", text):
            raise _Decline
        text = _ESCAPE.sub(_unescape, text)
    return text, m.end()


def _flow_scalar(text: str) -> Any:
    """A scalar _FLOW_SCALAR has matched."""
    if text[0] in "'\"":
        return _quoted(text, 0)[0]
    text = text.rstrip(" ")
    return text if text[0] not in _STARTS else _resolved(text)[1]


def _rows(text: str) -> Iterator[tuple[str, ...]]:
    """_LINE's groups for each line of ``text``, found a chunk of lines at a time: a list of all
    of them would hold some 150 bytes a line, a lot for a hostile file of empty lines."""
    start = 0
    while True:
        end = text.find("\n", start + _CHUNK) if len(text) - start > _CHUNK else -1
        chunk = text[start:] if end < 0 else text[start:end]
        rows = _LINE.findall(chunk)
        if len(rows) != chunk.count("\n") + 1:
            raise _Decline  # not one row a line: never expected
        yield from rows
        if end < 0:
            return
        start = end + 1


# a 'key:' or '-' with nothing after it: (its mapping or list, the key or index, its column)
_Pending = tuple[PMap | PSeq, str | int, int]


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # the open block collections, innermost last: (column, node, key or index in parent)
        self.stack: list[tuple[int, PMap | PSeq, str | int | None]] = []
        self.n = 0  # the line number

    def read(self, text: str) -> Any:
        stack = self.stack
        root: PMap | PSeq | None = None
        pending: _Pending | None = None
        started = False  # a '---' seen
        starts = _STARTS
        new_pos = _new_pos
        scalar: Any
        for n, row in enumerate(_rows(text), 1):
            indent, dashed, key, before, after, value, indent2, dashed2, item, line = row
            if key:
                i = len(indent)
                dash = dashed != ""
            elif item:
                i = len(indent2)
                dash = True
            else:
                s = line.lstrip(" ")
                if not s or s[0] == "#":
                    continue
                i = len(line) - len(s)
                dash = s[0] == "-" and s[1:2] in ("", " ")
                if i == 0 and s[:3] in ("---", "...") and s[3:4] in ("", " "):
                    if root is not None or started or s[0] == "." or s[3:].lstrip(" ")[:1] not in ("", "#"):
                        raise _Decline
                    started = True
                    continue
            if pending is not None and (
                i > pending[2] or (i == pending[2] and dash and type(pending[0]) is PMap)
            ):  # the block collection a 'key:' or a '-' has on the next lines
                if len(stack) >= MAX_DEPTH:
                    raise _Decline
                parent, part, _ = pending
                nested = PSeq(new_pos(Pos, (n, i + 1))) if dash else PMap(new_pos(Pos, (n, i + 1)))
                if isinstance(parent, PMap):
                    parent[part] = nested
                    parent.value_pos[part] = nested.pos  # type: ignore[index]
                else:
                    parent[part] = nested  # type: ignore[index]
                    parent.item_pos[part] = nested.pos  # type: ignore[index]
                stack.append((i, nested, part))
            elif root is None:
                root = PSeq(new_pos(Pos, (n, i + 1))) if dash else PMap(new_pos(Pos, (n, i + 1)))
                stack.append((i, root, None))
            else:
                while i < stack[-1][0]:
                    stack.pop()
                    if not stack:
                        raise _Decline
                if i != stack[-1][0]:
                    raise _Decline  # between two levels, or the rest of a scalar
            pending = None
            top = stack[-1][1]
            if not key and not item:  # the rest: read by the methods below
                self.n = n
                pending = self._line(top, line, i, dash)
                continue
            if item:  # '- ' and a plain scalar or a flow collection
                if type(top) is not PSeq:
                    raise _Decline
                c = item[0]
                p = i + 1 + len(dashed2)
                scalar = item
                if c in starts:
                    scalar = _resolved(item)[1]
                elif c == "[" or c == "{":
                    scalar = self._flow(item, n, p, len(top))
                top.append(scalar)
                top.item_pos.append(new_pos(Pos, (n, p + 1)))
                continue
            # the common line: a key and a plain scalar, a flow collection or nothing after it
            j = i
            if type(top) is PMap:
                if dash:
                    raise _Decline
                node = top
            elif dash:  # '- key: ...': a mapping as the item
                j = i + 1 + len(dashed)
                node = self._compact(top, n, j)  # type: ignore[arg-type]
            else:
                node = self._after_list(i)
            name = _plain_key(key) if key[0] in starts or len(key) > _MAX_KEY else key
            kpos = new_pos(Pos, (n, j + 1))
            if name in node:
                self._duplicate(node, name, kpos, ())
            node.key_pos[name] = kpos
            colon = j + len(key) + len(before)
            if value:
                c = value[0]
                p = colon + 1 + len(after)
                if c in starts:
                    scalar = _resolved(value)[1]
                elif c == "[" or c == "{":
                    scalar = self._flow(value, n, p, name)
                else:
                    scalar = value
                node[name] = scalar
                node.value_pos[name] = new_pos(Pos, (n, p + 1))
            else:
                node[name] = None
                node.value_pos[name] = new_pos(Pos, (n, colon + 2))
                pending = (node, name, j)
        return root

    def _line(self, top: PMap | PSeq, line: str, i: int, dash: bool) -> _Pending | None:
        """A line _LINE does not read: a quoted value, a '-' with nothing after it, or
        something that is not in the subset."""
        if type(top) is PMap:
            if dash:
                raise _Decline
            return self._entry(top, line, i)
        if dash:
            return self._item(top, line, i)  # type: ignore[arg-type]
        return self._entry(self._after_list(i), line, i)

    def _after_list(self, i: int) -> PMap:
        """The mapping a key at column ``i`` belongs to when a list at that column is open."""
        stack = self.stack
        if len(stack) < 2 or stack[-2][0] != i:
            raise _Decline
        stack.pop()
        return stack[-1][1]  # type: ignore[return-value]

    def _compact(self, node: PSeq, n: int, j: int) -> PMap:
        """A mapping as the next item of ``node``, its first key at column ``j`` of line ``n``."""
        if len(self.stack) >= MAX_DEPTH:
            raise _Decline
        pos = _new_pos(Pos, (n, j + 1))
        mapping = PMap(pos)
        self.stack.append((j, mapping, len(node)))
        node.append(mapping)
        node.item_pos.append(pos)
        return mapping

    def _path(self) -> tuple[str | int, ...]:
        return tuple(part for _, _, part in self.stack[1:])  # type: ignore[misc]

    def _duplicate(self, node: PMap, key: str, kpos: Pos, where: tuple[str | int, ...]) -> None:
        """A second ``key`` in ``node`` (the last one wins, as on the libyaml path)."""
        path = (*self._path(), *where, key)
        self.problems.append(duplicate_key(key, kpos, node.key_pos[key], path))

    def _entry(self, node: PMap, line: str, i: int) -> _Pending | None:
        """The ``key: value`` at column ``i`` of a block mapping; (node, key, i) when nothing
        follows the ':' (the value may be a block collection on the next lines)."""
        m = _KEY.match(line, i)
        if m is None:
            raise _Decline
        n = self.n
        key = _plain_key(m.group(1))
        kpos = _new_pos(Pos, (n, i + 1))
        if key in node:
            self._duplicate(node, key, kpos, ())
        node.key_pos[key] = kpos
        p = m.end()
        if p == len(line) or line[p] == "#":
            node[key] = None
            node.value_pos[key] = _new_pos(Pos, (n, m.start(2) + 2))  # libyaml: after the ':'
            return node, key, i
        node[key] = self._value(line, p)
        node.value_pos[key] = _new_pos(Pos, (n, p + 1))
        return None

    def _item(self, node: PSeq, line: str, i: int) -> _Pending | None:
        """The ``- ...`` at column ``i`` of a block list."""
        n = self.n
        j = _SPACES.match(line, i + 1).end()  # type: ignore[union-attr]
        if j == len(line) or line[j] == "#":
            node.append(None)
            node.item_pos.append(_new_pos(Pos, (n, i + 2)))  # libyaml: after the '-'
            return node, len(node) - 1, i
        if line[j] == "-" and line[j + 1 : j + 2] in ("", " "):
            raise _Decline  # a list in a list
        if _KEY.match(line, j) is None:
            node.append(self._value(line, j))
            node.item_pos.append(_new_pos(Pos, (n, j + 1)))
            return None
        return self._entry(self._compact(node, n, j), line, j)

    def _value(self, line: str, p: int) -> Any:
        """The quoted scalar that starts at ``p`` and ends the line (_LINE has read the lines
        with a plain scalar or a flow collection)."""
        if line[p] not in "'\"":
            raise _Decline
        value, end = _quoted(line, p)
        if _TAIL.match(line, end) is None:
            raise _Decline
        return value

    def _flow(self, text: str, n: int, p: int, where: str | int) -> PMap | PSeq:
        """The flow collection ``text`` _LINE has read at column ``p`` of line ``n``;
        ``where``: its key or index in the collection open on the stack."""
        pos = _new_pos(Pos, (n, p + 1))
        if text[0] == "[":
            seq = PSeq(pos)
            for m in _FLOW_ITEMS.finditer(text, 1, len(text) - 1):
                seq.append(_flow_scalar(m.group()))
                seq.item_pos.append(_new_pos(Pos, (n, p + m.start() + 1)))
            return seq
        mapping = PMap(pos)
        for m in _FLOW_PAIRS.finditer(text, 1, len(text) - 1):
            key = _plain_key(m.group(1).rstrip(" "))
            kpos = _new_pos(Pos, (n, p + m.start() + 1))
            if key in mapping:
                self._duplicate(mapping, key, kpos, (where,))
            mapping.key_pos[key] = kpos
            mapping[key] = _flow_scalar(m.group(2))
            mapping.value_pos[key] = _new_pos(Pos, (n, p + m.start(2) + 1))
        return mapping
