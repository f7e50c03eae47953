"""Templates: sandboxed Jinja2 that never lets data become template or markup.

Every ``{{ value }}`` is replaced by an opaque token while the template renders; the text is
then parsed into the document structure (``letters.layout``), and only after that are the
tokens swapped for the values, as plain text in runs. A name like ``# {{ 张三 }} & <李四>``
therefore prints as it is, and cannot open a heading, a table or a Jinja expression.

A template that uses a field the data lacks does not stop at the first: every such use is
recorded and reported together, and nothing is written.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateNotFound, TemplateSyntaxError, Undefined, pass_environment
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from gaozhi_cli.dates import format_cn
from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import display_path, read_text
from gaozhi_cli.formtext import Gap, Mixed, Spread
from gaozhi_cli.letters.values import INLINE_DATE, lines

TOKEN = re.compile("\ue000(\\d+)\ue001")
# Characters XML 1.0 cannot hold, and our token delimiters: removed from values.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ue000\ue001\ud800-\udfff]")
DEFAULT_GAP = 8


Value = str | Gap | Spread


class TemplateProblem(GaozhiError):
    """A template that cannot be used as it is."""


class MissingFields(TemplateProblem):
    def __init__(self, template: str, fields: list[str]) -> None:
        super().__init__(
            f"模板 {template} 用到了数据中没有的字段：{'、'.join(fields)}；"
            "请在数据中补上，或改正模板中的字段名（gaozhi letter fields 可列出可用字段）。未生成任何文件"
        )
        self.fields = fields


# -- values and tokens -------------------------------------------------------------------------

_values: contextvars.ContextVar[list[Value]] = contextvars.ContextVar("letter_values")
_missing: contextvars.ContextVar[set[str]] = contextvars.ContextVar("letter_missing")


def _token(value: Value) -> str:
    values = _values.get()
    values.append(value)
    return f"\ue000{len(values) - 1}\ue001"


@pass_environment  # keeps Jinja from finalizing constants at compile time, outside a render
def _finalize(env: Environment, value: Any) -> str:
    return _tokens(value)


def _tokens(value: Any) -> str:
    """Each ``{{ }}`` output becomes tokens; the value itself never reaches the parser."""
    if isinstance(value, Undefined):
        str(value)  # records the missing field
        return ""
    if value is None:
        return _token(Gap(DEFAULT_GAP))
    if isinstance(value, Gap | Spread):
        return _token(value)
    if isinstance(value, Mixed):
        return "".join(_tokens(part) for part in value)
    if isinstance(value, bool):
        return _token("是" if value else "否")
    if isinstance(value, date):
        return _token(format_cn(value))
    if isinstance(value, list | tuple):
        return "、".join(_tokens(v) for v in value)
    # A line break from Windows (a multi-line CSV cell) is a line break, not a stray character.
    return _token(_NOT_TEXT.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n"))


class _Node(dict):  # type: ignore[type-arg]
    """A mapping in the context that knows its dotted path, to name missing fields fully."""

    __slots__ = ("path",)
    path: str


def wrap(value: Any, path: str = "") -> Any:
    if isinstance(value, Mapping):
        node = _Node((k, wrap(v, f"{path}.{k}" if path else str(k))) for k, v in value.items())
        node.path = path
        return node
    if isinstance(value, list):
        return [wrap(v, path) for v in value]
    return value


class _Missing(Undefined):
    """Records every use of an undefined name and renders as nothing, so that all missing
    fields are found in one pass."""

    __slots__ = ()

    def _dotted(self) -> str:
        owner = getattr(self._undefined_obj, "path", "")
        name = self._undefined_name or "?"
        return f"{owner}.{name}" if owner else str(name)

    def _record(self) -> None:
        if self._undefined_exception is SecurityError:  # the sandbox refused an attribute
            raise SecurityError(str(self._undefined_hint))
        sink = _missing.get(None)
        if sink is not None:
            sink.add(self._dotted())

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self) -> Iterator[Any]:
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False

    def __len__(self) -> int:
        self._record()
        return 0

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, key: Any) -> Any:
        if self._undefined_exception is SecurityError:
            raise SecurityError(str(self._undefined_hint))
        return _Missing(name=f"{self._dotted()}.{key}")

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        self._record()
        return super()._fail_with_undefined_error(*args, **kwargs)

    __eq__ = Undefined.__eq__
    __hash__ = Undefined.__hash__


# -- templates ---------------------------------------------------------------------------------


def default_templates_dir() -> Path:
    """The packaged templates (``gaozhi_cli/_templates`` in a wheel), else the source tree's."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


class _Loader(BaseLoader):
    """Templates from the user's folder first, then the defaults; UTF-8 or GB18030."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        # {% include %} and {% import %} reach templates of these folders only: no ../, no
        # absolute path, no link out of the folder.
        parts = template.replace("\\", "/").split("/")
        if template.startswith(("/", "\\")) or ":" in template or ".." in parts:
            raise TemplateProblem(f"模板只能引用模板目录中的模板，不能引用“{template}”")
        for folder in self.folders:
            path = folder / template
            if path.is_file() and not path.resolve().is_relative_to(folder.resolve()):
                raise TemplateProblem(f"模板 {template} 指向模板目录之外，已拒绝")
            if path.is_file():
                text = read_text(path, "模板", error=TemplateProblem)
                mtime = path.stat().st_mtime
                return text, str(path), lambda p=path, m=mtime: p.stat().st_mtime == m
        raise TemplateNotFound(template)


def _size(n: Any, limit: int = 60) -> int:
    """A template's number of characters or lines, kept to what a page can hold."""
    try:
        return max(1, min(int(n), limit))
    except (TypeError, ValueError):
        raise TemplateProblem(f"模板中的长度“{n}”应为整数") from None


def environment(custom: Path | None = None) -> SandboxedEnvironment:
    folders = [p for p in (custom, default_templates_dir()) if p is not None]
    env = SandboxedEnvironment(
        loader=_Loader(folders),
        undefined=_Missing,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    # For templates: an underlined blank of n characters, a blank date (____年__月__日), lines
    # to write on, and a label spaced out to n characters (姓名 as wide as 联系方式).
    env.globals.update(
        {
            "留空": lambda n=DEFAULT_GAP: Gap(_size(n)),
            "空日期": INLINE_DATE,
            "空行": lambda n=3: lines(_size(n, 20)),
            "标签": lambda text, n=4: Spread(str(text), _size(n)),
        }
    )
    return env


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str  # the template's text with tokens in place of values
    values: list[Value]


class LetterTemplate:
    """One kind's template, compiled once and rendered for many letters."""

    def __init__(self, env: SandboxedEnvironment, name: str) -> None:
        self.name = name
        try:
            self._template = env.get_template(name)
        except TemplateNotFound:
            raise TemplateProblem(f"找不到模板 {name}") from None
        except TemplateSyntaxError as exc:
            where = display_path(exc.filename) if exc.filename else name
            raise TemplateProblem(f"模板 {where} 第 {exc.lineno} 行有语法错误：{exc.message}") from None
        self.path = self._template.filename

    def render(self, context: Mapping[str, Any]) -> Rendered:
        values: list[Value] = []
        missing: set[str] = set()
        values_token = _values.set(values)
        missing_token = _missing.set(missing)
        try:
            text = self._template.render(wrap(context))
        except UndefinedError:
            text = ""  # the missing field is recorded; reported below
        except SecurityError as exc:
            raise TemplateProblem(f"模板 {self.name} 试图进行不允许的操作：{exc}") from None
        except RecursionError:
            raise TemplateProblem(
                f"模板 {self.name} 引用了自己（include 或 import 成环），无法渲染"
            ) from None
        except (TemplateError, TypeError, ValueError, ArithmeticError) as exc:
            raise TemplateProblem(f"模板 {self.name} 渲染出错：{exc}") from None
        finally:
            _values.reset(values_token)
            _missing.reset(missing_token)
        if missing:
            raise MissingFields(self.name, sorted(missing))
        return Rendered(text, values)
