"""附件5 证明事项内部核验单: what a check in the agency's own systems found."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from gaozhi_cli.formtext import Gap
from gaozhi_cli.letters.fields import ApplicantRef, Date, Items, Text, case_field
from gaozhi_cli.letters.form import Form, Lookup, Prepared
from gaozhi_cli.letters.values import agency, applicant_name, item_names, lines, signing_date
from gaozhi_cli.modelbase import ChineseModel


class InternalCheckData(ChineseModel):
    """附件5 证明事项内部核验单."""

    department: str | None = Field(None, alias="监管部门", description="监管部门（默认取目录的行政机关）")
    system: Text = Field(alias="系统名称", description="登录核实的系统")
    applicant: ApplicantRef = Field(alias="申请人", description="申请人")
    items: Items = Field(
        alias="承诺事项", min_length=1, description="申请人承诺的证明事项（目录序号或名称，每行一项）"
    )
    findings: Text = Field(alias="相关信息", description="核验查到的相关信息")
    checker: str | None = Field(
        None, alias="核验人", description="核验人姓名（印在签字处旁；签字处始终留空）"
    )
    date: Date = Field(default_factory=date.today, alias="日期", description="核验日期（默认今天）")
    case: str | None = case_field()


def build(data: InternalCheckData | None, at: Lookup) -> Prepared:
    catalog = at.catalog
    if data is None:
        return Prepared(
            {
                "空白": True,
                "监管部门": agency(None, catalog) or "监管部门",
                "系统名称": Gap(10),
                "申请人": Gap(6),
                "承诺事项": [lines(1, 23), lines(1, 23)],
                "相关信息": lines(4),
                "核验人": None,
                "日期": signing_date(None),
            }
        )
    return Prepared(
        {
            "空白": False,
            "监管部门": agency(data.department, catalog),
            "系统名称": data.system.removesuffix("系统"),
            "申请人": applicant_name(data.applicant),
            "承诺事项": item_names(data.items, catalog, "承诺事项"),
            "相关信息": data.findings,
            "核验人": data.checker,
            "日期": signing_date(data.date),
        }
    )


FORM = Form(
    id="internal-check",
    name="内部核验单",
    annex="附件5",
    title="证明事项内部核验单",
    aliases=("证明事项内部核验单",),
    model=InternalCheckData,
    build=build,
    example={
        "系统名称": "全国律师执业管理信息系统",
        "申请人": {"姓名": "张三"},
        "承诺事项": [1, 2],
        "相关信息": "经查询，申请人无犯罪记录，实习登记记载实习期满一年。",
        "核验人": "赵刚",
        "日期": "2021-04-06",
    },
    file_name="内部核验单-{申请人.姓名}",
)
