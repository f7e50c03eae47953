"""Make letters: validate the data, check it against the catalogue, render, lay out.

    request = LetterRequest.from_options("commitment", Settings(), catalog=Path("目录.yaml"))
    maker = LetterMaker.prepare(request)
    made = maker.make(read_letter_data(Path("张三.yaml")))   # .docx bytes and warnings
    atomic_write(Path("张三.docx"), made.docx)

The request is frozen and picklable: a batch worker rebuilds its maker from it. The template,
the catalogue and the base document are read once per maker; each letter only renders its
text and rebuilds the document body.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gaozhi_cli import dockind
from gaozhi_cli.catalog.model import Catalog, Item
from gaozhi_cli.config import Settings
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import display_path, safe_filename
from gaozhi_cli.formats.gbt9704 import Prototype, new_document
from gaozhi_cli.letters.checks import ExclusionList, check_commitment
from gaozhi_cli.letters.data import DataProblem, Source, flatten, validate
from gaozhi_cli.letters.fieldlist import field_rows
from gaozhi_cli.letters.form import Form, Lookup, Prepared
from gaozhi_cli.letters.forms import find_form, forms
from gaozhi_cli.letters.forms.commitment import CommitmentData
from gaozhi_cli.letters.layout import lay_out
from gaozhi_cli.letters.render import LetterTemplate, environment
from gaozhi_cli.modelbase import nested_model

if TYPE_CHECKING:
    from gaozhi_cli.ledger import Ledger

AnyForm = Form[Any]
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")  # {申请人.姓名} in a file-name pattern
# File-name placeholders the catalogue fills when the data does not: its 行政机关.
AGENCY_KEYS = ("单位名称", "监管部门", "请求机关", "回复机关")


@dataclass(frozen=True, slots=True)
class LetterRequest:
    """What letters are made from: the form and the files it is filled from."""

    form: str  # a form id
    catalog: Path | None = None
    item: str | None = None
    templates: Path | None = None
    base_docx: Path | None = None
    exclude_list: Path | None = None
    settings: Settings = field(default_factory=lambda: Settings.model_validate({}))
    blank: bool = False
    calendar: tuple[Path, ...] = ()  # holiday-notice files of --calendar, beside [deadlines] calendar

    @property
    def calendar_files(self) -> tuple[Path, ...]:
        return (*self.settings.calendar_files, *self.calendar)

    @classmethod
    def from_options(cls, form: str, settings: Settings, **options: Any) -> LetterRequest:
        """Command-line options over the ``[letter]`` settings of gaozhi.toml."""
        letter = settings.letter
        configured = {
            "catalog": letter.catalog,
            "templates": letter.templates,
            "base_docx": letter.base_docx,
            "exclude_list": letter.exclude_list,
        }
        paths = {
            key: options.get(key) or (settings.resolve(value) if value else None)
            for key, value in configured.items()
        }
        return cls(
            find_form(form).id,
            item=options.get("item"),
            settings=settings,
            blank=bool(options.get("blank")),
            calendar=tuple(options.get("calendar") or ()),
            **paths,
        )


def blank_form(form: AnyForm, choices: dict[str, Any]) -> AnyForm:
    """The form a blank is printed of: ``--set 协助方式=派员核实`` picks 附件7（二）."""
    for key, value in choices.items():
        if form.switch is not None and key == form.switch[0]:
            if value == form.switch[1]:
                return forms()[form.switch[2]]
            continue
        raise UsageError(
            f"空白表不填数据：--set 只能选择 {form.switch[0]}"
            if form.switch
            else "空白表不填数据，不能用 --set"
        )
    return form


def _field_names(form: AnyForm) -> set[str]:
    return {n for name, info in form.model.model_fields.items() for n in (name, info.alias) if n}


def _for_form(source: Source, asked: AnyForm, chosen: AnyForm) -> Source:
    """Data of one form made into another (协助方式: 派员核实 in 附件7（一） data): fields only
    the first form has (回复期限) are dropped, not reported as strangers."""
    own = _field_names(asked) - _field_names(chosen)
    data = {k: v for k, v in source.data.items() if k not in own}
    return dataclasses.replace(source, data=data)


@cache
def _keys(model: type[BaseModel]) -> dict[str, tuple[str, type[BaseModel] | None]]:
    """Each field's key, Chinese or English → its Chinese label and the model nested in it."""
    keys: dict[str, tuple[str, type[BaseModel] | None]] = {}
    for name, info in model.model_fields.items():
        keys[name] = keys[info.alias or name] = (info.alias or name, nested_model(info.annotation))
    return keys


def _labelled(data: Any, model: type[BaseModel] | None) -> Any:
    """Data keyed by Chinese labels, as the file-name patterns name fields (applicant → 申请人)."""
    if not isinstance(data, dict) or model is None:
        return data
    keys = _keys(model)
    out = {}
    for key, value in data.items():
        label, inner = keys.get(key, (key, None))
        out[label] = _labelled(value, inner)
    return out


def _label_path(path: str, model: type[BaseModel] | None) -> str:
    """A dotted field in Chinese labels: applicant.name → 申请人.姓名."""
    parts = []
    for part in path.split("."):
        label, model = _keys(model).get(part, (part, None)) if model is not None else (part, None)
        parts.append(label)
    return ".".join(parts)


def check_name_pattern(form: AnyForm, pattern: str | None) -> None:
    """A UsageError for a ``--name`` placeholder that is no field of ``form`` (nor of the form
    its data may switch to): it would print as nothing, silently, in every file name."""
    if pattern is None:
        return
    models = [form.model] + ([forms()[form.switch[2]].model] if form.switch else [])
    fields = list(dict.fromkeys(row[0] for m in models for row in field_rows(m)))
    known = {*AGENCY_KEYS, *fields}
    lines = []
    for name in dict.fromkeys(m.group(1).strip() for m in PLACEHOLDER.finditer(pattern)):
        if any(_label_path(name, m) in known for m in models):
            continue
        near = difflib.get_close_matches(name, fields, n=3, cutoff=0.4)
        hint = f"；最接近的字段：{'、'.join(near)}" if near else ""
        lines.append(f"--name 中的“{{{name}}}”不是{form.name}的数据字段{hint}")
    if lines:
        lines.append(f"（gaozhi letter fields {form.id} 列出全部字段）")
        raise UsageError("\n".join(lines))


@dataclass(frozen=True, slots=True)
class Made:
    docx: bytes
    warnings: list[str] = field(default_factory=list)


def load_letter_catalog(path: Path, form: AnyForm, settings: Settings) -> tuple[Catalog, list[str]]:
    """The catalogue, validated first; for a commitment letter the notice rules (GZ6xx) are
    errors, because the letter prints the notice. Returns warnings to show."""
    from gaozhi_cli.catalog import load_catalog

    if form.uses_item:
        settings = settings.model_copy(update={"profile": "letters"})
    catalog, result = load_catalog(path, settings)
    warnings = [d for d in result.diagnostics if d.severity.rank < 2]
    shown = (
        [f"目录 {result.file} 有 {len(warnings)} 个警告（gaozhi catalog validate 可查看）"]
        if warnings
        else []
    )
    return catalog, shown


@dataclass(slots=True)
class _Printer:
    """One form's template and base document, ready for many copies."""

    form: AnyForm
    template: LetterTemplate
    prototype: Prototype


@dataclass(slots=True)
class LetterMaker:
    request: LetterRequest
    form: AnyForm
    catalog: Catalog | None
    exclusions: ExclusionList | None = None
    warnings: list[str] = field(default_factory=list)
    # The ledger of [ledger] in gaozhi.toml: letters are numbered and registered there
    # (letters.issue). Never set in a batch worker, which only renders.
    ledger: Ledger | None = None
    _printers: dict[str, _Printer] = field(default_factory=dict)

    @classmethod
    def prepare(cls, request: LetterRequest, *, use_ledger: bool = True) -> LetterMaker:
        """Read everything the form needs once. Raises GaozhiError for a bad catalogue,
        template, base document or exclusion list, before any letter is made. With a
        configured ledger (and ``use_ledger``) a filled-in letter is issued through it."""
        form = find_form(request.form)
        catalog, warnings = None, list[str]()
        if request.catalog is not None:
            catalog, warnings = load_letter_catalog(request.catalog, form, request.settings)
        elif form.needs_catalog and not request.blank:
            raise UsageError(f"{form.name}由目录填写：请用 --catalog 指定证明事项目录文件")
        if request.templates is not None and not request.templates.is_dir():
            raise UsageError(f"找不到模板目录：{display_path(request.templates)}")
        if request.base_docx is not None and not request.base_docx.is_file():
            raise UsageError(f"找不到底稿文件：{display_path(request.base_docx)}")
        maker = cls(
            request,
            form,
            catalog,
            exclusions=(
                ExclusionList.load(request.exclude_list, request.settings.max_file_size)
                if request.exclude_list
                else None
            ),
            warnings=warnings,
        )
        maker._printer(form)  # a bad template or base document fails here, not on every row
        if form.switch is not None:
            maker._printer(forms()[form.switch[2]])
        if request.item is not None:
            maker.item_for(request.item)  # an unknown --item fails here, not on every row
        settings = request.settings.ledger
        if use_ledger and not request.blank and (settings.path or settings.url):
            from gaozhi_cli.ledger import Ledger

            maker.ledger = Ledger.open(request.settings)
        return maker

    def close(self) -> None:
        """Close the ledger the letters are issued through, if any."""
        if self.ledger is not None:
            self.ledger.close()
            self.ledger = None

    def _printer(self, form: AnyForm) -> _Printer:
        printer = self._printers.get(form.id)
        if printer is None:
            template = LetterTemplate(environment(self.request.templates), form.template)
            doc = new_document(self.request.base_docx, kind=dockind.LETTER, title=form.title)
            doc.page_numbers(first_page=not form.letter)
            printer = self._printers[form.id] = _Printer(form, template, Prototype(doc))
        return printer

    def item_for(self, ref: int | str | None) -> Item | None:
        if ref is None:
            return None
        if self.catalog is None:
            raise UsageError("按序号或名称引用证明事项须用 --catalog 指定目录")
        found = self.catalog.item(ref)
        if found is None:
            raise DataProblem(
                f"目录 {self.catalog.agency} 中没有证明事项“{ref}”（写序号，或完整的证明事项名称）"
            )
        return found

    def form_for(self, source: Source | None) -> AnyForm:
        """The form ``source`` asks for (协助方式: 派员核实 → 附件7（二）)."""
        switch = self.form.switch
        if (
            source is not None
            and switch is not None
            and str(source.data.get(switch[0], "")).strip() == switch[1]
        ):
            return forms()[switch[2]]
        return self.form

    def checked(self, source: Source) -> tuple[AnyForm, BaseModel, Item | None]:
        """What ``make`` would refuse, without making the letter: the form, the validated
        data and its catalogue item (checks and references included)."""
        form, source = self._form_and_source(source)
        try:
            data, item = self._validated(form, source)
            form.prepare(data, Lookup(self.catalog, item, self.request.calendar_files))
        except DataProblem as exc:
            raise exc.at(source) from None
        return form, data, item

    def _form_and_source(self, source: Source) -> tuple[AnyForm, Source]:
        if source.problem is not None:  # a batch row that could not be read has no data to fill
            raise DataProblem(source.problem).at(source)
        form = self.form_for(source)
        return form, source if form is self.form else _for_form(source, self.form, form)

    def make(self, source: Source | None) -> Made:
        """One letter from ``source``, or the blank form when it is None."""
        form = self.form
        if source is not None:
            form, source = self._form_and_source(source)
        try:
            prepared = self._prepare(form, source)
        except DataProblem as exc:
            raise exc.at(source) if source is not None else exc from None
        printer = self._printer(form)
        rendered = printer.template.render(prepared.context)
        body = printer.prototype.fresh()
        lay_out(body, rendered, template=printer.template.name)
        return Made(body.to_bytes(), prepared.warnings)

    def _prepare(self, form: AnyForm, source: Source | None) -> Prepared:
        calendar = self.request.calendar_files
        if source is None:
            return form.prepare(None, Lookup(self.catalog, self.item_for(self.request.item), calendar))
        data, item = self._validated(form, source)
        return form.prepare(data, Lookup(self.catalog, item, calendar))

    def _validated(self, form: AnyForm, source: Source) -> tuple[BaseModel, Item | None]:
        data = validate(form.model, source)
        item = None
        if form.uses_item:
            item = self._item_of(getattr(data, "item", None) or None)
        if isinstance(data, CommitmentData) and item is not None:
            check_commitment(data, item, self.exclusions)
        return data, item

    def _item_of(self, given: int | str | None) -> Item:
        """The item the data names (证明事项) or --item names; both must name the same one."""
        asked = self.request.item
        if given is None and asked is None:
            raise DataProblem("缺少“证明事项”：请在数据中写明，或用 --item 指定（序号或名称）")
        item = self.item_for(given if given is not None else asked)
        assert item is not None
        if given is not None and asked is not None:
            other = self.item_for(asked)
            if other is not None and other is not item:  # which one is meant cannot be guessed
                raise DataProblem(
                    f"数据中的“证明事项”是“{given}”（{item.name}），--item 是“{asked}”（{other.name}），"
                    "不是同一证明事项；请删去其中一处，或改为一致"
                )
        return item

    def file_name(self, source: Source | None, pattern: str | None = None) -> str:
        """The output file name (``.docx``) from a pattern of ``{字段}`` over the data."""
        if source is None:
            return f"{self.form.title}（空白）.docx"
        form = self.form_for(source)
        values = flatten(_labelled(source.data, form.model))  # data in English names too
        if self.catalog is not None:
            for key in AGENCY_KEYS:
                values.setdefault(key, self.catalog.agency)
        name = PLACEHOLDER.sub(
            lambda m: values.get(_label_path(m.group(1).strip(), form.model), ""),
            pattern or form.file_name,
        )
        name = re.sub(r"([-_ ])\1+", r"\1", name).strip("-_ ") or self.form.name
        return safe_filename(name, suffix=".docx")
