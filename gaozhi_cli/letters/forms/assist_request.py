"""附件7（一） 申请行政协助函: asks another department to check a commitment and reply in
writing within N working days. 附件7（二） (``assist_visit``) sends two officers instead;
data with 协助方式: 派员核实 makes that form.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from gaozhi_cli.catalog.model import Item
from gaozhi_cli.formtext import Gap, Mixed
from gaozhi_cli.letters.fields import ApplicantRef, Date, DocNo, Items, Text, case_field
from gaozhi_cli.letters.form import Context, Form, Lookup, Prepared
from gaozhi_cli.letters.values import agency, applicant_name, inline_date, items, letter_number, signing_date
from gaozhi_cli.modelbase import ChineseModel

ASSIST_MANNER = "协助方式"


class AssistData(ChineseModel):
    """What both 申请行政协助函 say."""

    number: DocNo = Field(alias="函号", description="函号：顺序号，或 晋市司函字〔2021〕15号")
    agency: str | None = Field(None, alias="请求机关", description="发函的行政机关（默认取目录的行政机关）")
    addressee: Text = Field(alias="被请求单位", description="请求协助的部门")
    applied_on: Date = Field(alias="申请日期", description="申请人到本单位办理的日期")
    applicant: ApplicantRef = Field(alias="申请人", description="申请人")
    matter: Text = Field(alias="办理事项", description="申请人办理的事项")
    contents: Items = Field(
        alias="承诺内容", min_length=1, description="申请人书面承诺的内容（目录序号或文字，每行一项）"
    )
    date: Date = Field(default_factory=date.today, alias="日期", description="发函日期（默认今天）")
    case: str | None = case_field()


class AssistRequestData(AssistData):
    """附件7（一） 申请行政协助函：请求书面回复."""

    manner: Literal["书面回复"] = Field(
        "书面回复", alias=ASSIST_MANNER, description="书面回复（本表）；派员核实则为附件7（二）"
    )
    reply_days: int = Field(alias="回复期限", ge=1, le=60, description="书面回复期限（工作日）")


def _content(entry: Item | str) -> str:
    if isinstance(entry, str):
        return entry
    content = entry.notice.content if entry.notice else None
    return f"{entry.name}：{content}" if content else entry.name


def letter_context(data: AssistData | None, at: Lookup) -> Context:
    """The context both forms of 附件7 share."""
    catalog = at.catalog
    if data is None:
        return {
            "空白": True,
            "函号": letter_number(None, catalog, None),
            "被请求单位": Gap(10),
            "申请日期": inline_date(None),
            "申请人": Gap(6),
            "办理事项": Gap(10),
            "承诺内容": [Gap(20), Gap(20)],
            "请求机关": agency(None, catalog),
            "日期": signing_date(None),
        }
    return {
        "空白": False,
        "函号": letter_number(data.number, catalog, data.date),
        "被请求单位": data.addressee,
        "申请日期": inline_date(data.applied_on),
        "申请人": applicant_name(data.applicant),
        "办理事项": data.matter,
        "承诺内容": [_content(e) for e in items(data.contents, catalog, "承诺内容")],
        "请求机关": agency(data.agency, catalog),
        "日期": signing_date(data.date),
    }


def build(data: AssistRequestData | None, at: Lookup) -> Prepared:
    context = letter_context(data, at)
    context["回复期限"] = data.reply_days if data else Mixed((Gap(2),))
    return Prepared(context)


FORM = Form(
    id="assist-request",
    name="协助函",
    annex="附件7（一）",
    title="申请行政协助函（一）",
    aliases=("申请行政协助函", "行政协助函", "申请行政协助函（一）", "书面回复函"),
    model=AssistRequestData,
    build=build,
    example={
        "函号": 15,
        "被请求单位": "晋城市公安局",
        "申请日期": "2021-03-16",
        "申请人": {"姓名": "张三"},
        "办理事项": "律师执业核准",
        "承诺内容": [1],
        "回复期限": 5,
        "日期": "2021-03-17",
    },
    file_name="申请行政协助函-{函号}-{申请人.姓名}",
    letter=True,
    switch=(ASSIST_MANNER, "派员核实", "assist-visit"),
    number_field="函号",
)
