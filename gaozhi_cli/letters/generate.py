"""Make letters: validate the data, check it against the catalogue, render, lay out.

    maker = LetterMaker.prepare(find_kind("commitment"), catalog_path=Path("目录.yaml"))
    made = maker.make(read_data_file(Path("张三.yaml")))   # .docx bytes and warnings
    atomic_write(Path("张三.docx"), made.docx)

The template, the catalogue and the base document are read once per maker; each letter
only renders its text and rebuilds the document body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.catalog.model import Catalog, Item
from gaozhi_cli.config import Settings
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import display_path, safe_filename
from gaozhi_cli.formats.gbt9704 import Prototype, new_document
from gaozhi_cli.letters.checks import ExclusionList, check_commitment
from gaozhi_cli.letters.data import DataProblem, Source, flatten, validate
from gaozhi_cli.letters.kinds import Kind, Lookup, Prepared
from gaozhi_cli.letters.layout import lay_out
from gaozhi_cli.letters.models import CommitmentData
from gaozhi_cli.letters.render import LetterTemplate, environment


@dataclass(frozen=True, slots=True)
class Made:
    docx: bytes
    warnings: list[str] = field(default_factory=list)


def load_letter_catalog(
    path: Path, kind: Kind, settings: Settings | None = None
) -> tuple[Catalog, list[str]]:
    """The catalogue, validated first; for a commitment letter the notice rules (GZ6xx) are
    errors, because the letter prints the notice. Returns warnings to show."""
    from gaozhi_cli.catalog import load_catalog

    settings = settings or Settings.model_validate({})
    if kind.uses_item:
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
class LetterMaker:
    kind: Kind
    catalog: Catalog | None
    template: LetterTemplate
    prototype: Prototype
    item_ref: str | None = None
    exclusions: ExclusionList | None = None
    warnings: list[str] = field(default_factory=list)
    calendar_files: tuple[Path, ...] = ()

    @classmethod
    def prepare(
        cls,
        kind: Kind,
        *,
        catalog_path: Path | None = None,
        item: str | None = None,
        templates: Path | None = None,
        base_docx: Path | None = None,
        exclude_list: Path | None = None,
        settings: Settings | None = None,
        blank: bool = False,
    ) -> LetterMaker:
        """Read everything a kind needs once. Raises GaozhiError for a bad catalogue, template,
        base document or exclusion list, before any letter is made."""
        catalog, warnings = None, list[str]()
        if catalog_path is not None:
            catalog, warnings = load_letter_catalog(catalog_path, kind, settings)
        elif kind.needs_catalog and not blank:
            raise UsageError(f"{kind.name}由目录填写：请用 --catalog 指定证明事项目录文件")
        if templates is not None and not templates.is_dir():
            raise UsageError(f"找不到模板目录：{display_path(templates)}")
        if base_docx is not None and not base_docx.is_file():
            raise UsageError(f"找不到底稿文件：{display_path(base_docx)}")
        template = LetterTemplate(environment(templates), kind.template)
        doc = new_document(base_docx)
        doc.page_numbers(first_page=not kind.letter)
        maker = cls(
            kind,
            catalog,
            template,
            Prototype(doc),
            item_ref=item,
            exclusions=ExclusionList.load(exclude_list) if exclude_list else None,
            warnings=warnings,
            calendar_files=settings.calendar_files if settings else (),
        )
        if item is not None:
            maker.item_for(item)  # an unknown --item fails here, not on every row
        return maker

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

    def make(self, source: Source | None) -> Made:
        """One letter from ``source``, or the blank form when it is None."""
        try:
            prepared = self._prepare(source)
        except DataProblem as exc:
            raise exc.at(source) if source is not None else exc from None
        rendered = self.template.render(prepared.context)
        doc = self.prototype.fresh()
        lay_out(doc, rendered, template=self.template.name)
        return Made(self.prototype.to_bytes(), prepared.warnings)

    def _prepare(self, source: Source | None) -> Prepared:
        if source is None:
            return self.kind.build(None, self._at(self.item_for(self.item_ref)))
        data = validate(self.kind.model, source)
        item = None
        if self.kind.uses_item:
            ref = getattr(data, "item", None) or self.item_ref
            if ref is None:
                raise DataProblem("缺少“证明事项”：请在数据中写明，或用 --item 指定（序号或名称）")
            item = self.item_for(ref)
        if isinstance(data, CommitmentData) and item is not None:
            check_commitment(data, item, self.exclusions)
        return self.kind.build(data, self._at(item))

    def _at(self, item: Item | None) -> Lookup:
        return Lookup(self.catalog, item, self.calendar_files)

    def file_name(self, source: Source | None, pattern: str | None = None) -> str:
        """The output file name (``.docx``) from a pattern of ``{字段}`` over the data."""
        if source is None:
            return f"{self.kind.form.split(' ', 1)[1]}（空白）.docx"
        values = flatten(source.data)
        if self.catalog is not None:
            for key in ("单位名称", "监管部门", "请求机关", "回复机关"):
                values.setdefault(key, self.catalog.agency)
        name = re.sub(
            r"\{([^{}]+)\}", lambda m: values.get(m.group(1).strip(), ""), pattern or self.kind.file_name
        )
        name = re.sub(r"([-_ ])\1+", r"\1", name).strip("-_ ") or self.kind.name
        return safe_filename(name) + ".docx"
