"""附件1 推行证明事项告知承诺制联络表: who in the agency runs the commitment system."""

from __future__ import annotations

from pydantic import Field

from gaozhi_cli.catalog.model import Liaison
from gaozhi_cli.letters.data import DataProblem
from gaozhi_cli.letters.form import Context, Form, Lookup, Prepared

# (data field, the form's label); 联系电话 appears twice on the form.
_CELLS = (
    ("office", "具体承办科室"),
    ("office_phone", "办公电话"),
    ("head", "科室负责人"),
    ("head_phone", "负责人电话"),
    ("liaison", "联络员"),
    ("liaison_phone", "联络员电话"),
)


class LiaisonData(Liaison):
    """附件1 推行证明事项告知承诺制联络表 (defaults from the catalogue's 联络)."""

    agency: str | None = Field(None, alias="单位名称", description="单位名称（默认取目录的行政机关）")


def build(data: LiaisonData | None, at: Lookup) -> Prepared:
    catalog = at.catalog
    if data is None:
        return Prepared({label: None for _, label in _CELLS} | {"单位名称": None})
    if catalog is None and not data.agency:
        raise DataProblem("联络表需要目录（--catalog）或数据中的“单位名称”")
    on_file = catalog.liaison if catalog else None
    context: Context = {"单位名称": data.agency or (catalog.agency if catalog else None)}
    for name, label in _CELLS:
        context[label] = getattr(data, name) or (getattr(on_file, name) if on_file else None)
    return Prepared(context)


FORM = Form(
    id="liaison",
    name="联络表",
    annex="附件1",
    title="推行证明事项告知承诺制联络表",
    aliases=("推行证明事项告知承诺制联络表",),
    model=LiaisonData,
    build=build,
    example={},
    file_name="联络表-{单位名称}",
)
