"""Read a catalogue file into models, keeping every problem with its place in the file.

A bad item does not stop the others: the header and each item are validated on their own,
and rules later run on every item that passed.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from gaozhi_cli.catalog.model import CatalogHeader, Item
from gaozhi_cli.catalog.rules import Rule, schema
from gaozhi_cli.files import UTF8, UTF8_BOM, NotTextError, decode_bytes, display_path, os_reason
from gaozhi_cli.modelbase import field_path, model_at, nested_model, reason
from gaozhi_cli.yamldoc import PMap, Pos, PSeq, locate, parse, value_pos

ITEMS_KEY = "证明事项"


@dataclass(frozen=True, slots=True)
class Problem:
    """A file or schema problem (the rules of ``rules.schema``) before it becomes a Diagnostic."""

    rule: Rule
    pos: Pos
    message: str
    item_index: int | None = None  # position in the item list
    path: tuple[str | int, ...] = ()  # relative to the item when item_index is set

    @property
    def code(self) -> str:
        return self.rule.code


@dataclass(slots=True)
class Entry:
    """One element of the item list, valid or not.

    When the item breaks the schema, ``item`` is a partial model built from the fields that
    are valid on their own (the others emptied) and ``bad_fields`` names the broken fields,
    so that rules still check the rest of the item.
    """

    index: int
    raw: Any
    item: Item | None
    bad_fields: frozenset[str] = frozenset()

    @property
    def valid(self) -> bool:
        return self.item is not None and not self.bad_fields

    @property
    def label(self) -> int:
        """The 序号 shown in reports: the item's own when usable, else its position."""
        if self.item is not None and "序号" not in self.bad_fields:
            return self.item.seq
        seq = self.raw.get("序号", self.raw.get("seq")) if isinstance(self.raw, dict) else None
        return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else self.index + 1


@dataclass(slots=True)
class Loaded:
    file: str
    text: str = ""
    root: Any = None
    header: CatalogHeader | None = None
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True  # False when the file could not be parsed at all


# -- aliases: every model field has a Chinese alias and an English name ------------------------


def _models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    stack: list[type[BaseModel]] = [CatalogHeader, Item]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.append(model)
        stack.extend(m for f in model.model_fields.values() if (m := nested_model(f.annotation)))
    return seen


def _alias_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    for model in _models():
        for name, info in model.model_fields.items():
            if info.alias:
                table.setdefault(info.alias, set()).add(name)
                table.setdefault(name, set()).add(info.alias)
    table.setdefault(ITEMS_KEY, set()).add("items")
    return {k: tuple(sorted(v)) for k, v in table.items()}


ALIASES = _alias_table()
# An English field name written as a key anywhere (block or flow style). Only a file that has
# one can write a field twice (Chinese and English), so others skip that walk (GZ005).
_ENGLISH_NAMES = sorted(
    {n for m in _models() for n, f in m.model_fields.items() if f.alias}, key=len, reverse=True
)
_ENGLISH_NAME = re.compile(rf"(?:{'|'.join(_ENGLISH_NAMES)})[ \t]*:")


def _has_english_key(text: str) -> bool:
    """Whether an English name is written as a key: after a line's indent or "- ", or after "{"
    or "," in flow style. Finding the names first and then looking back is seven times faster
    than one pattern that tries a line start at every position of the file."""
    for match in _ENGLISH_NAME.finditer(text):
        start = match.start()
        before = text[text.rfind("\n", 0, start) + 1 : start]
        if not before.lstrip(" \t-") or before.rstrip(" \t").endswith(("{", ",")):
            return True
    return False


# Headings seen in real published tables, and what they are called here.
SYNONYMS = {
    "证明名称": "证明事项",
    "证明事项名称": "证明事项",
    "证明材料": "证明事项",
    "用途": "证明用途",
    "依据": "设定依据",
    "设定依据名称": "设定依据",
    "法律依据": "设定依据",
    "索取单位": "索要单位",
    "出具单位": "开具单位",
    "开具部门": "开具单位",
    "核查方法": "核查方式",
    "核查时间": "核查时限",
    "核查期限": "核查时限",
    "发文字号": "文号",
    "文件号": "文号",
    "条文": "条款",
    "条目": "条款",
    "条文内容": "内容",
    "层级": "效力层级",
    "效力": "效力层级",
    "行政机关名称": "行政机关",
    "单位名称": "行政机关",
    "联络员电话号码": "联络员电话",
    "监管方式": "监管措施",
    "说明": "备注",
}


def known_keys(model: type[BaseModel]) -> list[str]:
    keys = [info.alias for info in model.model_fields.values() if info.alias]
    keys += list(model.model_fields)
    if model is CatalogHeader:
        keys += [ITEMS_KEY, "items"]
    return keys


def suggest_key(key: str, model: type[BaseModel]) -> str | None:
    """The known key closest to ``key`` in ``model``, for a "did you mean" hint."""
    keys = known_keys(model)
    if SYNONYMS.get(key) in keys:
        return SYNONYMS[key]
    chinese = [k for k in keys if not k.isascii()]
    pool = keys if key.isascii() else chinese
    close = difflib.get_close_matches(key, pool, n=1, cutoff=0.5)
    return close[0] if close else None


# -- reading -----------------------------------------------------------------------------------


def read_file(path: Path, *, max_size: int) -> Loaded:
    """Read and load one catalogue file. Never raises for bad content."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > max_size:
            return Loaded(
                shown,
                readable=False,
                problems=[
                    Problem(
                        schema.file_too_large,
                        Pos(1, 1),
                        f"文件大小 {size / 1024**2:.1f} MB，超过上限 {max_size / 1024**2:.0f} MB，未检查；"
                        "一个行政机关的目录通常不足 1 MB，请确认没有选错文件（上限可用配置项 max-file-size 调整）",
                    )
                ],
            )
        data = path.read_bytes()
    except OSError as exc:
        return Loaded(
            shown,
            readable=False,
            problems=[Problem(schema.yaml_syntax, Pos(1, 1), f"无法读取文件：{os_reason(exc)}")],
        )
    try:
        decoded = decode_bytes(data)
    except NotTextError as exc:
        return Loaded(shown, readable=False, problems=[Problem(schema.yaml_syntax, Pos(1, 1), exc.message)])
    loaded = load_text(decoded.text, shown)
    if decoded.encoding not in (UTF8, UTF8_BOM):
        loaded.problems.insert(
            0,
            Problem(
                schema.not_utf8,
                Pos(1, 1),
                f"文件编码是 {decoded.label}，已按此读取；请在编辑器中另存为 UTF-8",
            ),
        )
    return loaded


def load_text(text: str, file: str = "<文本>") -> Loaded:
    """Load catalogue YAML from a string."""
    loaded = Loaded(file, text=text)
    doc = parse(text)
    for p in doc.problems:
        code = schema.yaml_syntax if p.kind == "syntax" else schema.duplicate_key
        loaded.problems.append(Problem(code, p.pos, p.message))
    if doc.data is None and doc.problems:
        loaded.readable = False
        return loaded
    root = doc.data
    loaded.root = root
    if root is None:
        loaded.problems.append(
            Problem(schema.missing_field, Pos(1, 1), "文件是空的：至少需要“行政机关”和“证明事项”")
        )
        return loaded
    if not isinstance(root, PMap):
        loaded.problems.append(
            Problem(
                schema.invalid_value,
                getattr(root, "pos", Pos(1, 1)),
                "文件顶层应为映射（“行政机关: …”“证明事项: …”），而不是列表或单个值",
            )
        )
        return loaded
    english = _has_english_key(text)
    _load_header(loaded, root, english)
    _load_items(loaded, root, english)
    return loaded


def _load_header(loaded: Loaded, root: PMap, english: bool) -> None:
    header = {k: v for k, v in root.items() if k not in (ITEMS_KEY, "items")}
    if english:
        _alias_clashes(loaded, header, root, CatalogHeader, (), None)
    try:
        loaded.header = CatalogHeader.model_validate(header)
    except ValidationError as exc:
        _schema_problems(loaded, exc, root, CatalogHeader, (), None)


def _load_items(loaded: Loaded, root: PMap, english: bool) -> None:
    key = ITEMS_KEY if ITEMS_KEY in root else "items" if "items" in root else None
    if key is None:
        loaded.problems.append(
            Problem(schema.missing_field, root.pos, "缺少必填字段“证明事项”（证明事项列表）")
        )
        return
    raw_items = root[key]
    if not isinstance(raw_items, PSeq):
        where = root.value_pos[key]
        message = "“证明事项”不能为空" if raw_items in (None, "") else "“证明事项”应为列表，每项以“- ”开头"
        loaded.problems.append(
            Problem(schema.missing_field if raw_items in (None, "") else schema.invalid_value, where, message)
        )
        return
    if not raw_items:
        loaded.problems.append(Problem(schema.missing_field, root.value_pos[key], "“证明事项”列表为空"))
    for index, raw in enumerate(raw_items):
        entry = Entry(index, raw, None)
        loaded.entries.append(entry)
        if not isinstance(raw, PMap):
            loaded.problems.append(
                Problem(
                    schema.invalid_value,
                    raw_items.item_pos[index],
                    "每个证明事项应为映射（“序号: …”“证明事项: …”等字段）",
                    index,
                )
            )
            continue
        if english:
            _alias_clashes(loaded, raw, raw, Item, (), index)
        try:
            entry.item = Item.model_validate(raw)
        except ValidationError as exc:
            _schema_problems(loaded, exc, raw, Item, (), index)
            entry.item, entry.bad_fields = _partial_item(raw, exc)


_FIELD_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _partial_item(raw: PMap, exc: ValidationError) -> tuple[Item, frozenset[str]]:
    """An Item holding only the fields of ``raw`` that are valid by themselves."""
    bad: set[str] = set()
    for err in exc.errors(include_url=False):
        if err["loc"]:
            bad.update((str(err["loc"][0]), *ALIASES.get(str(err["loc"][0]), ())))
    values: dict[str, Any] = {}
    for name, info in Item.model_fields.items():
        keys = [k for k in (info.alias, name) if k and k in raw]
        if not keys or keys[0] in bad:
            values[name] = _stand_in(name, info)
            continue
        adapter = _FIELD_ADAPTERS.get(name)
        if adapter is None:
            annotated: Any = Annotated
            params = (info.annotation, *info.metadata)
            annotation: Any = annotated[params] if info.metadata else info.annotation
            adapter = _FIELD_ADAPTERS[name] = TypeAdapter(annotation)
        try:
            values[name] = adapter.validate_python(raw[keys[0]])
        except ValidationError:
            bad.update(k for k in (info.alias, name) if k)
            values[name] = _stand_in(name, info)
    return Item.model_construct(**values), frozenset(bad)


def _stand_in(name: str, info: FieldInfo) -> Any:
    """The value a missing or broken field takes in a partial item. The factories of Item's
    defaults take no arguments: calling them directly spares pydantic's signature check of
    each factory (inspect.signature, ~1 ms a field) on every broken item."""
    if info.is_required():
        return _EMPTY.get(name)
    factory = info.default_factory
    return factory() if factory is not None else copy.copy(info.default)  # type: ignore[call-arg]


# Stand-ins for required fields that are missing or broken; rules skip empty values.
_EMPTY: dict[str, Any] = {
    "seq": 0,
    "name": "",
    "purpose": "",
    "bases": [],
    "requesting_unit": "",
    "issuing_unit": "",
}


def _alias_clashes(
    loaded: Loaded,
    data: Any,
    node: Any,
    model: type[BaseModel],
    path: tuple[str | int, ...],
    index: int | None,
) -> None:
    """The same field written under both its Chinese and English names (GZ005)."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        if info.alias and info.alias in data and name in data:
            loaded.problems.append(
                Problem(
                    schema.duplicate_key,
                    locate(node, (name,)),
                    f"“{info.alias}”和“{name}”是同一个字段，只能写一个",
                    index,
                    (*path, name),
                )
            )
        inner = nested_model(info.annotation)
        if inner is None:
            continue
        for key in (k for k in (info.alias, name) if k):
            value = data.get(key)
            children = value if isinstance(value, list) else [value]
            for i, child in enumerate(children):
                sub = (*path, key, i) if isinstance(value, list) else (*path, key)
                _alias_clashes(loaded, child, child, inner, sub, index)


def _field_name(loc: tuple[str | int, ...]) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else "值"


def _schema_problems(
    loaded: Loaded,
    exc: ValidationError,
    node: Any,
    model: type[BaseModel],
    base: tuple[str | int, ...],
    index: int | None,
) -> None:
    for err in exc.errors(include_url=False):
        loc = field_path(tuple(err["loc"]))
        kind = err["type"]
        field_name = _field_name(loc)
        if kind == "missing":
            code, message = schema.missing_field, f"缺少必填字段“{field_name}”"
            pos = locate(node, loc, aliases=ALIASES)
        elif kind in ("string_too_short", "too_short"):
            code, message = schema.missing_field, f"“{field_name}”不能为空"
            pos = value_pos(node, loc, aliases=ALIASES)
        elif kind == "extra_forbidden":
            key = str(loc[-1])
            owner = model_at(model, loc[:-1]) or model
            hint = suggest_key(key, owner)
            code = schema.unknown_field
            message = f"未知字段“{key}”" + (
                f"；是不是想写“{hint}”？" if hint else "；请删去或改为目录格式中的字段"
            )
            pos = locate(node, loc, aliases=ALIASES)
        else:
            code = schema.invalid_value
            shown = _shown(err.get("input"))
            message = f"“{field_name}”{reason(err)}，实际为{shown}"
            pos = value_pos(node, loc, aliases=ALIASES)
        loaded.problems.append(Problem(code, pos, message, index, (*base, *loc)))


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    text = str(value)
    return f"“{text[:30]}{'…' if len(text) > 30 else ''}”"
