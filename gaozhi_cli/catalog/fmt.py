"""``catalog fmt``: renumber 序号, put keys in the schema's order, keep comments and quotes.

The file goes through a ruamel.yaml round trip with the settings that re-dump a formatted
file byte for byte (linter-and-yaml-notes §4). Keys are then reordered on the text itself,
one block of lines per key, because ruamel files a comment above a key under the key before
it: moving keys inside ruamel would carry comments to the wrong place. A comment above a key
moves with that key; a comment indented under a value stays with the value. Before a result
is returned it is parsed again and compared with the input, so fmt cannot change data.

Most files skip the round trip: a file proven tidy (catalog/tidy.py) is left as it is, and
for the common faults the round trip's output is worked out on the text (catalog/textfmt.py).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from gaozhi_cli.catalog.loader import ITEMS_KEY
from gaozhi_cli.catalog.model import Catalog
from gaozhi_cli.catalog.textfmt import canonical_text
from gaozhi_cli.catalog.tidy import child_model, is_tidy, key_rank
from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import NotTextError, decode_bytes, os_reason
from gaozhi_cli.workers import file_sizes, in_turns, worker_count
from gaozhi_cli.yamldoc import PMap, PSeq, parse

if TYPE_CHECKING:
    from gaozhi_cli.statutes.book import StatuteBook

SEQ_KEYS = ("序号", "seq")


def canonical_yaml() -> YAML:
    """The round-trip YAML that fmt and import write with."""
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # at 80, long Chinese values wrap and leave a trailing space after "key:"
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def dump(data: Any) -> str:
    buffer = io.StringIO()
    canonical_yaml().dump(data, buffer)
    return buffer.getvalue()


def ordered(mapping: Mapping[str, Any], model: type[BaseModel]) -> CommentedMap:
    """A copy of ``mapping`` with its keys in the schema's order, unknown keys last."""
    rank = key_rank(model)
    keys = sorted(mapping, key=lambda k: rank.get(k, len(rank)))
    return CommentedMap((k, mapping[k]) for k in keys)


class FormatError(GaozhiError):
    pass


@dataclass(frozen=True, slots=True)
class Formatted:
    text: str
    changed: bool
    filled: int = 0  # 内容 filled from the statute book (--fill-basis)
    titled: int = 0  # 名称 replaced by the full title (--fill-basis)


# (item index, basis index or None for a single basis mapping, key, new value)
Edit = tuple[int, int | None, str, str]


def format_text(text: str, *, book: StatuteBook | None = None) -> Formatted:
    """The formatted text of one catalogue file. Raises FormatError when it does not parse.

    With ``book`` (``--fill-basis``), each basis whose 内容 is empty gets the cited text from
    the statute book, and each 名称 the document's full title."""
    checked = parse(text)  # refuses alias bombs and duplicate keys before ruamel sees them
    if checked.problems:
        problem = checked.problems[0]
        where = f"第 {problem.pos.line} 行第 {problem.pos.column} 列："
        raise FormatError(f"{where}{problem.message}，未格式化（gaozhi catalog validate 可查看详情）")
    if book is None:
        if is_tidy(text, checked.data):
            return Formatted(text, False)
        fast = _format_fast(text, checked.data)
        if fast is not None:
            return fast
    return _format_long(text, book)


def _format_fast(text: str, data: Any) -> Formatted | None:
    """The round trip's result worked out on the text (catalog/textfmt.py), or None when that
    is not known there; ``data`` is ``text`` parsed by yamldoc, and is spent here."""
    canonical = canonical_text(text, data)
    if canonical is None:
        return None
    step, tree = canonical.text, canonical.tree
    if tree is None:
        step_doc = parse(step)
        if step_doc.problems:
            return None
        tree = step_doc.data
    moved = _reorder_text(step, tree)
    # what is returned is parsed again: proven tidy (what a second round trip would give back)
    # and holding the same data, or the long way decides
    result_data = parse(moved).data
    if moved != step and not is_tidy(moved, result_data):
        return None
    if moved == text:
        return Formatted(text, False)
    return Formatted(moved, True) if _same_data(data, result_data) else None


def _format_long(text: str, book: StatuteBook | None) -> Formatted:
    """The ruamel.yaml round trip, for a file not proven tidy (``text`` parses cleanly)."""
    data = _load(text)
    if data is None:
        return Formatted(text, False)
    _renumber(data)
    edits = _fill_bases(data, book) if book is not None else []
    _order_flow_maps(data, Catalog, set())
    step = dump(data)
    # Keys are moved on the dumped text, by the positions of yamldoc's tree of it (a fifth of
    # a ruamel load). A result proven tidy is what a second round trip would give back, so
    # that one runs only for what the proof does not cover.
    moved = _reorder_text(step, parse(step).data)
    result = step
    if moved != step:
        result = moved if is_tidy(moved, parse(moved).data) else dump(_load(moved))
    if result != text:
        _check_same_data(text, result, edits)
    filled = sum(1 for e in edits if e[2] in TEXT_KEYS)
    return Formatted(result, result != text, filled, len(edits) - filled)


@dataclass(frozen=True, slots=True)
class FormattedFile:
    before: str
    after: str
    data: bytes  # the new content of the file: UTF-8 without BOM
    changed: bool
    recoded: bool  # the file was GBK, UTF-16 or had a BOM
    filled: int = 0
    titled: int = 0


def format_file(path: Path, *, max_size: int, fill_from: tuple[Path, ...] | None = None) -> FormattedFile:
    """Format one file (not written). Raises FormatError for a file that cannot be formatted."""
    try:
        if path.stat().st_size > max_size:
            raise FormatError(
                f"文件大小超过上限 {max_size / 1024**2:.0f} MB，未格式化（上限可用配置项 max-file-size 调整）"
            )
        raw = path.read_bytes()
        before = decode_bytes(raw).text
    except OSError as exc:
        raise FormatError(f"无法读取（{os_reason(exc)}）") from None
    except NotTextError as exc:
        raise FormatError(exc.message) from None
    book = None
    if fill_from is not None:
        from gaozhi_cli.statutes.book import load_book

        book = load_book(fill_from)
    formatted = format_text(before, book=book)
    data = formatted.text.encode("utf-8")
    return FormattedFile(
        before,
        formatted.text,
        data,
        data != raw,
        before.encode("utf-8") != raw,
        formatted.filled,
        formatted.titled,
    )


# A round trip costs some 4 ms per item, a hundred times validation: worker processes pay off
# from a few hundred kilobytes on.
PARALLEL_MIN_BYTES = 200_000


def format_files(
    files: Sequence[Path],
    *,
    max_size: int,
    jobs: int | None = None,
    fill_from: tuple[Path, ...] | None = None,
) -> list[FormattedFile | FormatError]:
    """Format every file (none is written), in worker processes when there is enough work.
    ``fill_from``: fill bases from the statute book with these folders of added texts."""
    if fill_from is not None:
        from gaozhi_cli.statutes.book import load_book

        load_book(fill_from)  # once, before any fork
    sizes = file_sizes(files)
    workers = worker_count(len(files), jobs, enough=sum(sizes) >= PARALLEL_MIN_BYTES)
    return in_turns(partial(_format_run, max_size=max_size, fill_from=fill_from), files, workers)


def _format_run(
    files: list[Path], max_size: int, fill_from: tuple[Path, ...] | None
) -> list[FormattedFile | FormatError]:
    return [_format_or_error(f, max_size, fill_from) for f in files]


def _format_or_error(
    path: Path, max_size: int, fill_from: tuple[Path, ...] | None = None
) -> FormattedFile | FormatError:
    try:
        return format_file(path, max_size=max_size, fill_from=fill_from)
    except FormatError as exc:
        return exc


def _load(text: str) -> Any:
    try:
        return canonical_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列：" if mark else ""
        raise FormatError(f"{where}YAML 语法错误，未格式化（gaozhi catalog validate 可查看详情）") from None
    except YAMLError as exc:
        raise FormatError(f"无法解析（{type(exc).__name__}），未格式化") from None
    except ValueError:  # Python refuses to read an integer of more than 4300 digits
        huge = re.search(r"\d{4300,}", text)
        where = f"第 {text.count(chr(10), 0, huge.start()) + 1} 行：" if huge else ""
        raise FormatError(f"{where}数字超过 4300 位，不是有效的值，未格式化") from None


def _items(data: Any) -> Any:
    if not isinstance(data, CommentedMap):
        return None
    return data.get(ITEMS_KEY, data.get("items"))


def _renumber(data: Any) -> None:
    items = _items(data)
    if not isinstance(items, CommentedSeq):
        return
    for n, item in enumerate(items, 1):
        if not isinstance(item, CommentedMap):
            continue
        key = next((k for k in SEQ_KEYS if k in item), None)
        if key is None:
            item.insert(0, "序号", n)
        elif isinstance(item[key], bool) or not isinstance(item[key], int) or item[key] != n:
            item[key] = n


def _order_flow_maps(node: Any, model: type[BaseModel] | None, seen: set[int]) -> None:
    """Flow mappings ({是否公开: true, …}) sit on one line: reorder them in place."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CommentedSeq):
        for item in node:
            _order_flow_maps(item, model, seen)
    elif isinstance(node, CommentedMap):
        if node.fa.flow_style() and model is not None and not getattr(node, "merge", None):
            keys = list(node)
            for i in sorted(range(len(keys)), key=_rank_key(keys, model)):
                node.move_to_end(keys[i])
        for key, value in node.items():
            _order_flow_maps(value, child_model(model, key), seen)


# -- filling bases from the statute book (--fill-basis) -----------------------------------------

BASES_KEYS = ("设定依据", "bases")
TITLE_KEYS = ("名称", "title")
TEXT_KEYS = ("内容", "text")
_EMPTY = {"", "无", "-", "—", "/", "／", "暂无"}


def _fill_bases(data: Any, book: StatuteBook) -> list[Edit]:
    """Fill each basis in place; returns what was changed."""
    from gaozhi_cli.statutes.check import fill_basis

    edits: list[Edit] = []
    items = _items(data)
    for i, item in enumerate(items if isinstance(items, CommentedSeq) else []):
        if not isinstance(item, CommentedMap):
            continue
        bases = next((item[k] for k in BASES_KEYS if k in item), None)
        listed = [(None, bases)] if isinstance(bases, CommentedMap) else list(enumerate(bases or []))
        for j, basis in listed:
            if not isinstance(basis, CommentedMap):
                continue
            title_key = next((k for k in TITLE_KEYS if k in basis), None)
            if title_key is None or not isinstance(basis[title_key], str):
                continue
            fill = fill_basis(
                book, basis[title_key], _text(basis, "文号", "number"), _text(basis, "条款", "article")
            )
            if fill.title and fill.title != basis[title_key].strip():
                basis[title_key] = fill.title
                edits.append((i, j, title_key, fill.title))
            text_key = next((k for k in TEXT_KEYS if k in basis), None)
            current = _text(basis, *TEXT_KEYS)
            if fill.text and (current is None or current.strip() in _EMPTY):
                key = text_key or ("内容" if title_key == "名称" else "text")
                if text_key is None:
                    after = next((k for k in ("条款", "article") if k in basis), title_key)
                    basis.insert(list(basis).index(after) + 1, key, fill.text)
                else:
                    basis[key] = fill.text
                edits.append((i, j, key, fill.text))
    return edits


def _text(mapping: CommentedMap, *keys: str) -> str | None:
    value = next((mapping[k] for k in keys if k in mapping), None)
    return None if value is None else str(value)


# -- reordering keys on the text ---------------------------------------------------------------


def _reorder_text(text: str, data: Any) -> str:
    """``text`` with the keys of every block mapping in schema order; ``data`` is ``text``
    parsed by yamldoc (for the line of each key)."""
    lines = text.splitlines(keepends=True)
    out = _Reorderer(lines).node(data, Catalog, 0, len(lines))
    return "".join(out)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


class _Reorderer:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.seen: set[int] = set()  # an anchored node reached again through an alias is left alone

    def node(self, node: Any, model: type[BaseModel] | None, start: int, end: int) -> list[str]:
        if id(node) in self.seen or not isinstance(node, PMap | PSeq) or not node:
            return self.lines[start:end]
        self.seen.add(id(node))
        line, column = node.pos
        if self.lines[line - 1][column - 1 : column] in ("[", "{"):  # flow style
            return self.lines[start:end]
        if isinstance(node, PSeq):
            return self._seq(node, model, start, end)
        return self._map(node, model, start, end)

    def _seq(self, node: PSeq, model: type[BaseModel] | None, start: int, end: int) -> list[str]:
        starts = [pos.line - 1 for pos in node.item_pos]
        if not _inside(starts, start, end):
            return self.lines[start:end]
        out = self.lines[start : starts[0]]
        for i, item in enumerate(node):
            stop = starts[i + 1] if i + 1 < len(node) else end
            out += self.node(item, model, starts[i], stop)
        return out

    def _map(self, node: PMap, model: type[BaseModel] | None, start: int, end: int) -> list[str]:
        keys = list(node.keys())
        # merged keys ("<<: *anchor") sit at their anchor, outside: such a mapping stays as written
        key_lines = [node.key_pos[k].line - 1 for k in keys]
        if not _inside(key_lines, start, end):
            return self.lines[start:end]
        column = node.key_pos[keys[0]].column - 1
        # Each key owns the comment lines right above it; the last one stops before the comment
        # lines that end the mapping (they belong to whatever follows it).
        block_starts = [key_lines[0]] + [
            self._comments_above(line, column, key_lines[0]) for line in key_lines[1:]
        ]
        tail = self._comments_above(end, column, key_lines[-1] + 1)
        blocks: list[list[str]] = []
        for i, k in enumerate(keys):
            block_end = block_starts[i + 1] if i + 1 < len(keys) else tail
            head = self.lines[block_starts[i] : key_lines[i] + 1]
            blocks.append(head + self.node(node[k], child_model(model, k), key_lines[i] + 1, block_end))
        order = sorted(range(len(keys)), key=_rank_key(keys, model))
        out = self.lines[start : key_lines[0]]
        if order != list(range(len(keys))):
            blocks = _move_dash(blocks, order, key_lines, block_starts, column)
        for i in order:
            out += blocks[i]
        return out + self.lines[tail:end]

    def _comments_above(self, line: int, column: int, floor: int) -> int:
        """The first of the comment or blank lines directly above ``line`` (indented no deeper
        than the keys), not going above ``floor``."""
        while line - 1 >= floor and _is_comment_or_blank(self.lines[line - 1]):
            above = self.lines[line - 1]
            if above.strip() and _indent(above) > column:
                break
            line -= 1
        return line


def _inside(lines: list[int], start: int, end: int) -> bool:
    return all(start <= a < end for a in lines) and all(a < b for a, b in itertools.pairwise(lines))


def _rank_key(keys: list[str], model: type[BaseModel] | None) -> Any:
    rank = key_rank(model)
    return lambda i: (rank.get(keys[i], len(rank)), i)


def _move_dash(
    blocks: list[list[str]], order: list[int], key_lines: list[int], block_starts: list[int], column: int
) -> list[list[str]]:
    """In a list item, the "- " sits on the first key's line: give it to the new first key."""
    first = blocks[0][key_lines[0] - block_starts[0]]
    dash = first[:column]
    if not dash.strip().startswith("-"):
        return blocks
    blocks = [list(b) for b in blocks]
    blocks[0][key_lines[0] - block_starts[0]] = " " * column + first[column:]
    new = order[0]
    at = key_lines[new] - block_starts[new]
    blocks[new][at] = dash + blocks[new][at][column:]
    return blocks


def _check_same_data(before: str, after: str, edits: Sequence[Edit] = ()) -> None:
    """The formatted file must hold the same data, apart from 序号, key order and the edits
    of --fill-basis."""
    if not _same_data(parse(before).data, parse(after).data, edits):
        raise FormatError("格式化结果与原文数据不一致，未写入（这是 gaozhi 的缺陷，请报告给维护者）")


def _same_data(expected: Any, after: Any, edits: Sequence[Edit] = ()) -> bool:
    """``after`` (parsed) holds ``expected`` (parsed, and renumbered here) with the edits."""
    if isinstance(expected, dict):
        items = expected.get(ITEMS_KEY, expected.get("items"))
        if isinstance(items, list):
            for n, item in enumerate(items, 1):
                if isinstance(item, dict):
                    key = next((k for k in SEQ_KEYS if k in item), "序号")
                    item[key] = n
            for i, j, key, value in edits:
                bases = items[i].get(BASES_KEYS[0], items[i].get(BASES_KEYS[1]))
                (bases if j is None else bases[j])[key] = value
    return bool(after == expected)  # dicts compare without regard to key order


# -- a whole run: files found, formatted, written or shown -----------------------------------


@dataclass(slots=True)
class FileOutcome:
    """What ``catalog fmt`` did, or would do, to one file."""

    path: Path
    error: str | None = None
    changed: bool = False
    diff: str = ""  # unified diff, when asked for
    recoded: bool = False
    filled: int = 0
    titled: int = 0


@dataclass(slots=True)
class FormatRun:
    outcomes: list[FileOutcome]
    writes: bool  # False for --check and --diff

    @property
    def changed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.changed]

    @property
    def broken(self) -> int:
        return sum(1 for o in self.outcomes if o.error is not None)

    @property
    def unchanged(self) -> int:
        return len(self.outcomes) - len(self.changed) - self.broken


def format_paths(
    paths: Sequence[Path],
    *,
    max_size: int,
    check: bool = False,
    diff: bool = False,
    fill_from: tuple[Path, ...] | None = None,
    jobs: int | None = None,
) -> FormatRun:
    """Format every catalogue under ``paths``: written back (through links, atomically) unless
    ``check`` or ``diff``; with ``diff``, each change as a unified diff."""
    import difflib

    from gaozhi_cli.catalog.files import collect_files
    from gaozhi_cli.errors import UsageError
    from gaozhi_cli.files import atomic_write, display_path

    files = collect_files(list(paths))
    if not files:
        raise UsageError("没有找到目录文件（*.yaml、*.yml）")
    writes = not (check or diff)
    outcomes = []
    for path, result in zip(
        files, format_files(files, max_size=max_size, jobs=jobs, fill_from=fill_from), strict=True
    ):
        if isinstance(result, FormatError):
            outcomes.append(FileOutcome(path, error=result.message))
            continue
        outcome = FileOutcome(path, changed=result.changed)
        if result.changed:
            outcome.recoded, outcome.filled, outcome.titled = result.recoded, result.filled, result.titled
            if diff:
                shown = display_path(path)
                before, after = (
                    result.before.splitlines(keepends=True),
                    result.after.splitlines(keepends=True),
                )
                outcome.diff = "".join(difflib.unified_diff(before, after, shown, shown))
            if writes:
                atomic_write(path, result.data, force=True)
        outcomes.append(outcome)
    return FormatRun(outcomes, writes)
