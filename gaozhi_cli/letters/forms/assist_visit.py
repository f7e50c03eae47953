"""附件7（二） 申请行政协助函: sends two officers to check a commitment on the spot."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from gaozhi_cli.formtext import Gap
from gaozhi_cli.letters.fields import Names
from gaozhi_cli.letters.form import Form, Lookup, Prepared
from gaozhi_cli.letters.forms.assist_request import ASSIST_MANNER, AssistData, letter_context


class AssistVisitData(AssistData):
    """附件7（二） 申请行政协助函：派员核实."""

    manner: Literal["派员核实"] = Field("派员核实", alias=ASSIST_MANNER, description="派员核实")
    staff: Names = Field(alias="核查人员", description="派去调查核实的两名同志")

    @field_validator("staff")
    @classmethod
    def _two(cls, value: list[str]) -> list[str]:
        if len(value) != 2:
            raise ValueError(f"须为两名同志（附件7（二）“兹派我单位……两名同志”），实际 {len(value)} 名")
        return value


def build(data: AssistVisitData | None, at: Lookup) -> Prepared:
    context = letter_context(data, at)
    context["核查人员"] = data.staff if data else [Gap(4), Gap(4)]
    return Prepared(context)


FORM = Form(
    id="assist-visit",
    name="派员核实函",
    annex="附件7（二）",
    title="申请行政协助函（二）",
    aliases=("申请行政协助函（二）", "派员核实"),
    model=AssistVisitData,
    build=build,
    example={
        "函号": 16,
        "被请求单位": "晋城市律师协会",
        "申请日期": "2021-03-16",
        "申请人": {"姓名": "张三"},
        "办理事项": "律师执业核准",
        "承诺内容": [2],
        "核查人员": ["赵刚", "钱敏"],
        "日期": "2021-03-17",
    },
    file_name="申请行政协助函-{函号}-{申请人.姓名}",
    letter=True,
    number_field="函号",
)
