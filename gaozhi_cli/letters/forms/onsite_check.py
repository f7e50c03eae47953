"""附件6 证明事项现场核验记录单: an on-site check, and the working days to make good.

The last day to hand in the missing certificates is the 整改期限-th working day after the day
of the check (the day of the check does not count; the last day does), computed from the
State Council calendar and printed after the annex's "请于N个工作日" as
"（即2021年4月13日前，含当日）".
"""

from __future__ import annotations

from pydantic import Field, model_validator

from gaozhi_cli.calendar import CalendarDataMissing
from gaozhi_cli.dates import format_cn
from gaozhi_cli.formtext import Gap, Mixed
from gaozhi_cli.letters.data import DataProblem
from gaozhi_cli.letters.fields import ApplicantRef, Date, Items, Names, Text, case_field
from gaozhi_cli.letters.form import Form, Lookup, Prepared
from gaozhi_cli.letters.values import agency, applicant_name, clause, item_names, lines, signing_date
from gaozhi_cli.letters.workdays import due_date
from gaozhi_cli.modelbase import ChineseModel

BLANK_ITEMS = 4  # the annex prints four numbered lines


class OnsiteCheckData(ChineseModel):
    """附件6 证明事项现场核验记录单."""

    department: str | None = Field(None, alias="监管部门", description="监管部门（默认取目录的行政机关）")
    applicant: ApplicantRef = Field(alias="申请人", description="申请人")
    items: Items = Field(alias="承诺事项", min_length=1, description="申请人承诺的证明事项（目录序号或名称）")
    check_date: Date = Field(alias="核验日期", description="现场核验日期")
    record: Text = Field(alias="核验记录", description="现场核验情况记录")
    nonconforming: Items = Field(
        default_factory=list, alias="不符合要求的事项", description="不符合要求的事项（没有则不填）"
    )
    correction_days: int | None = Field(
        None, alias="整改期限", ge=1, le=365, description="递交证明材料的期限（工作日，自核验次日起算）"
    )
    submit_to: str | None = Field(None, alias="递交单位", description="证明材料递交给谁（默认监管部门）")
    inspectors: Names = Field(
        default_factory=list, alias="现场核验人员", description="现场核验人员姓名（印在签字处旁）"
    )
    date: Date | None = Field(None, alias="日期", description="记录日期（默认核验日期）")
    case: str | None = case_field()

    @model_validator(mode="after")
    def _period(self) -> OnsiteCheckData:
        if self.nonconforming and self.correction_days is None:
            raise ValueError("有不符合要求的事项时须填写“整改期限”（工作日数）")
        return self


def _last_day(data: OnsiteCheckData, at: Lookup) -> tuple[str | None, list[str]]:
    if not data.nonconforming or data.correction_days is None:
        return None, []
    try:
        due = due_date(data.check_date, data.correction_days, at.calendar_files)
    except CalendarDataMissing as exc:
        return None, [
            f"{exc.short}，按国务院办公厅的通知填写后用 --calendar 文件 指定（或列入 gaozhi.toml 的 [deadlines] calendar），"
            "或升级 chinese-calendar 包，即可算出截止日期。本记录单只写整改期限的工作日数，未写截止日期"
        ]
    return f"（即{format_cn(due)}前，含当日）", []


def _nonconforming(data: OnsiteCheckData, checked: list[str], at: Lookup) -> list[str]:
    """The 不符合要求的事项, each one of the 承诺事项 the record checked (附件6: the items
    checked on site are the ones that can fall short)."""
    names = item_names(data.nonconforming, at.catalog, "不符合要求的事项")
    among = {clause(c) for c in checked}
    for n, (ref, name) in enumerate(zip(data.nonconforming, names, strict=True), 1):
        if clause(name) not in among:
            shown = f"“{ref}”（{name}）" if str(ref) != name else f"“{name}”"
            raise DataProblem(
                f"不符合要求的事项第 {n} 项{shown}不是本记录单核验的承诺事项"
                f"（{'、'.join(checked)}）；请写其中之一，或先把它列入“承诺事项”"
            )
    return names


def build(data: OnsiteCheckData | None, at: Lookup) -> Prepared:
    catalog = at.catalog
    if data is None:
        return Prepared(
            {
                "空白": True,
                "监管部门": agency(None, catalog) or "监管部门",
                "申请人": Gap(6),
                "承诺事项": [lines(1, 23)] * BLANK_ITEMS,
                "核验日期": Mixed((Gap(4), "年", Gap(2), "月", Gap(2), "日")),
                "核验记录": lines(2),
                "不符合要求的事项": Gap(12),
                "整改期限": Gap(2),
                "截止日期": None,
                "递交单位": Gap(10),
                "现场核验人员": None,
                "日期": signing_date(None),
            }
        )
    department = agency(data.department, catalog)
    checked = item_names(data.items, catalog, "承诺事项")
    nonconforming = _nonconforming(data, checked, at)
    last_day, warnings = _last_day(data, at)
    return Prepared(
        {
            "空白": False,
            "监管部门": department,
            "申请人": applicant_name(data.applicant),
            "承诺事项": checked,
            "核验日期": format_cn(data.check_date),
            "核验记录": data.record,
            "不符合要求的事项": "、".join(clause(n) for n in nonconforming),  # the template goes on with ，
            "整改期限": data.correction_days,
            "截止日期": last_day,
            "递交单位": data.submit_to or department,
            "现场核验人员": "、".join(data.inspectors) or None,
            "日期": signing_date(data.date or data.check_date),
        },
        warnings,
    )


FORM = Form(
    id="onsite-check",
    name="现场核验记录单",
    annex="附件6",
    title="证明事项现场核验记录单",
    aliases=("现场核验单", "证明事项现场核验记录单"),
    model=OnsiteCheckData,
    build=build,
    example={
        "申请人": {"姓名": "张三"},
        "承诺事项": [2],
        "核验日期": "2021-04-06",
        "核验记录": "现场查阅律师事务所实习档案，实习考核表缺少指导律师签字。",
        "不符合要求的事项": [2],
        "整改期限": 5,
        "现场核验人员": ["赵刚", "钱敏"],
    },
    file_name="现场核验记录单-{申请人.姓名}",
)
