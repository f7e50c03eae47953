"""附件4 证明事项告知承诺书: the notice of one catalogue item and the applicant's commitment.

The notice (二) comes from the catalogue; what 附件2 asks beyond the annex's table (who
commits for the applicant, and with what authorisation) is printed in a part of its own
after the form, never inside the annex's sentences.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import Field

from gaozhi_cli.catalog.model import Item, YesNo
from gaozhi_cli.docnumbers import serial_number
from gaozhi_cli.formtext import Gap, Mixed
from gaozhi_cli.letters.fields import AgencyContact, Agent, Applicant, Date, ItemRef, SerialNo
from gaozhi_cli.letters.form import Context, Form, Lookup, Prepared
from gaozhi_cli.letters.values import NAME, basis_text, clause, inline_date, lines
from gaozhi_cli.modelbase import ChineseModel


class CommitmentData(ChineseModel):
    """附件4 证明事项告知承诺书."""

    number: SerialNo | None = Field(None, alias="编号", description="承诺书编号：顺序号，或 [2021年]第15号")
    item: ItemRef | None = Field(
        None, alias="证明事项", description="目录中的序号或证明事项名称（也可用 --item 指定）"
    )
    matter: str | None = Field(None, alias="申请事项", description="申请事项名称（默认取目录的证明用途）")
    applicant: Applicant = Field(alias="申请人", description="申请人")
    agent: Agent | None = Field(None, alias="代理人", description="代为承诺的代理人（事项允许代为承诺时）")
    agency: AgencyContact | None = Field(None, alias="行政机关", description="行政机关联系人和联系方式")
    willing: YesNo | None = Field(
        None, alias="愿意承诺", description="申请人是否愿意采取承诺制（是/否；不填则两项都印出，待勾选）"
    )
    conditions: str | None = Field(
        None, alias="符合条件", description="自身已符合的条件，具体是（默认取目录的证明内容）"
    )
    date: Date = Field(default_factory=date.today, alias="日期", description="日期（默认今天）")


# 承诺方式 as catalogues write it: "书面承诺", or "书面承诺，由全体发起人签字后提交……".
_MANNER = re.compile(r"(?P<manner>[^，,。；;：:（(\s]{0,8}承诺)(?:\s*[，,；;：:]\s*(?P<rest>.+?))?[。；;]?")
ANNEX_MANNER = "书面承诺"


def manner_parts(text: str | None) -> tuple[str, str | None]:
    """The 承诺方式 for the annex's sentence "本证明事项采用……方式", and what the catalogue says
    beyond it, to print after the annex's sentences (never spliced into them)."""
    if not text or not text.strip():
        return ANNEX_MANNER, None
    m = _MANNER.fullmatch(text.strip())
    if m is None:
        return ANNEX_MANNER, text.strip().rstrip("。；;") + "。"
    rest = m.group("rest")
    return m.group("manner"), rest.rstrip("。；;") + "。" if rest else None


def _notice(item: Item | None) -> Context:
    notice = item.notice if item else None
    if item is None:  # the blank form: lines as long as what they stand for
        return {
            "名称": lines(1),
            "用途": lines(1),
            "依据": [lines(3)],
            "内容": lines(3),
            "承诺方式": ANNEX_MANNER,
            "承诺方式说明": None,
            "代为承诺": "不可（可）",
            "不实承诺责任": [lines(3)],
            "责任待填": True,  # lines to write on, not numbered clauses
            "公开": {"是否公开": Gap(4), "公开范围": Gap(10), "公开时限": Gap(10)},
        }
    manner, detail = manner_parts(notice.manner if notice else None)
    disclosure = notice.disclosure if notice else None
    proxy = notice.proxy_allowed if notice else None
    return {
        "名称": item.name,
        "用途": item.purpose,
        "依据": basis_text(item),
        "内容": notice.content if notice else None,
        "承诺方式": manner,
        "承诺方式说明": detail,
        "代为承诺": "不可（可）" if proxy is None else ("可" if proxy else "不可"),
        "不实承诺责任": [clause(x) for x in notice.liabilities] if notice and notice.liabilities else [None],
        "责任待填": False,
        "公开": {
            "是否公开": None if disclosure is None else ("是" if disclosure.public else "否"),
            "公开范围": disclosure.scope if disclosure else None,
            "公开时限": disclosure.period if disclosure else None,
        },
    }


def build(data: CommitmentData | None, at: Lookup) -> Prepared:
    catalog, item = at.catalog, at.item
    liaison = catalog.liaison if catalog else None
    context: Context = {"空白": data is None, "告知": _notice(item)}
    if data is None:
        context.update(
            申请事项=item.purpose if item else "申请事项名称",
            编号=Mixed(("[", Gap(4), "年]第", Gap(4), "号")),
            申请人={"姓名": Gap(10), "联系方式": Gap(10), "证件类型": Gap(10), "证件编号": Gap(12)},
            行政机关={"名称": catalog.agency if catalog else Gap(12), "联系人": NAME, "联系方式": Gap(10)},
            愿意承诺=None,
            符合条件=lines(2),
            代理人=None,
            日期=inline_date(None),
        )
        return Prepared(context)
    year = (data.number.year if data.number else None) or data.date.year
    contact = data.agency
    agent = data.agent
    context.update(
        申请事项=data.matter or (item.purpose if item else None),
        编号=serial_number(year, data.number.seq)
        if data.number
        else Mixed(("[", str(year), "年]第", Gap(4), "号")),
        申请人={
            "姓名": data.applicant.name,
            "联系方式": data.applicant.contact,
            "证件类型": data.applicant.id_type,
            "证件编号": data.applicant.id_number,
        },
        行政机关={
            "名称": catalog.agency if catalog else None,
            "联系人": (contact.person if contact else None) or (liaison.liaison if liaison else None),
            "联系方式": (contact.phone if contact else None) or (liaison.liaison_phone if liaison else None),
        },
        愿意承诺=None if data.willing is None else bool(data.willing),
        符合条件=clause(data.conditions or (item.notice.content if item and item.notice else None)),
        代理人={
            "姓名": agent.name,
            "证件类型": agent.id_type,
            "证件编号": agent.id_number,
            "授权书": agent.authorisation,
        }
        if agent is not None and any((agent.name, agent.id_number, agent.authorisation))
        else None,
        日期=inline_date(data.date),
    )
    return Prepared(context)


FORM = Form(
    id="commitment",
    name="承诺书",
    annex="附件4",
    title="证明事项告知承诺书",
    aliases=("告知承诺书", "证明事项告知承诺书"),
    model=CommitmentData,
    build=build,
    example={
        "编号": 15,
        "证明事项": 1,
        "申请人": {
            "姓名": "张三",
            "联系方式": "13900000000",
            "证件类型": "居民身份证",
            "证件编号": "140502199001011230",
        },
        "行政机关": {"联系人": "李晓梅", "联系方式": "0356-2021001"},
        "日期": "2021-03-16",
    },
    file_name="告知承诺书-{申请人.姓名}-{编号}",
    needs_catalog=True,
    uses_item=True,
    number_field="编号",
)
