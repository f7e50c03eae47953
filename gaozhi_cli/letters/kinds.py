"""The six forms: what each needs, where its values come from, and its template context.

A context holds display-ready values (dates as 2021年3月16日, numbers as 晋市司函字〔2021〕15号);
a value that is not known is ``None`` or a ``Gap`` and prints as an underlined blank, so the
same code makes a filled letter and a ``--blank`` form (built with ``data=None``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gaozhi_cli.catalog.model import Catalog, Item
from gaozhi_cli.dates import format_cn
from gaozhi_cli.errors import UsageError
from gaozhi_cli.formats.gbt9704 import Gap, doc_number, serial_number
from gaozhi_cli.letters.data import DataProblem
from gaozhi_cli.letters.models import (
    AssistReplyData,
    AssistRequestData,
    CommitmentData,
    DocNo,
    InternalCheckData,
    LiaisonData,
    OnsiteCheckData,
)
from gaozhi_cli.letters.render import BLANK_DATE, BLANK_LINES, Mixed

Context = dict[str, Any]
BLANK_ITEMS = 3  # numbered lines a blank form offers for items


@dataclass(frozen=True, slots=True)
class Prepared:
    """A letter's template context, and warnings for the user (e.g. a due date not computed)."""

    context: Context
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a letter is filled from besides its own data."""

    catalog: Catalog | None = None
    item: Item | None = None  # the item of a commitment letter
    calendar_files: tuple[Path, ...] = ()  # holiday notices added by the user ([deadlines] calendar)


Builder = Callable[[Any, Lookup], Prepared]


@dataclass(frozen=True, slots=True)
class Kind:
    id: str
    name: str  # the Chinese short name
    form: str  # the annex and its title
    aliases: tuple[str, ...]
    model: type[BaseModel]
    build: Builder
    example: dict[str, Any]
    file_name: str  # pattern of the output name, with {字段.子字段}
    letter: bool = False  # a 函: no page number on page 1
    needs_catalog: bool = False
    uses_item: bool = False  # the form is about one catalogue item (--item)

    @property
    def template(self) -> str:
        return f"{self.id}.j2"


# -- shared pieces -----------------------------------------------------------------------------


def date_text(value: date | None) -> str | Mixed:
    return format_cn(value) if value else BLANK_DATE


def _clause(text: str | None) -> str | None:
    """Text that the template ends with its own punctuation."""
    return text.rstrip("。；;，,、 ") if text else text


def _get(obj: Any, name: str) -> Any:
    return getattr(obj, name) if obj is not None else None


def _person(person: Any) -> Context:
    return {
        "姓名": _get(person, "name"),
        "联系方式": _get(person, "contact") if hasattr(person, "contact") else None,
        "证件类型": _get(person, "id_type"),
        "证件编号": _get(person, "id_number"),
    }


def item_entry(item: Item) -> Context:
    notice = item.notice
    bases = []
    for b in item.bases:
        head = b.title + (f"（{b.number}）" if b.number else "") + (b.article or "")
        bases.append(f"{head}：{b.text}" if b.text else head)
    return {
        "序号": item.seq,
        "名称": item.name,
        "用途": item.purpose,
        "依据": bases,
        "内容": notice and notice.content,
    }


def resolve_items(refs: list[int | str] | None, catalog: Catalog | None, field_name: str) -> list[Context]:
    """Catalogue 序号 or names → the items; other text stays as written. ``None`` → blank lines."""
    if refs is None:
        return [{"序号": None, "名称": Gap(20), "内容": None, "依据": []} for _ in range(BLANK_ITEMS)]
    entries = []
    for n, ref in enumerate(refs, 1):
        is_number = isinstance(ref, int) or ref.strip().isdigit()
        found = catalog.item(ref) if catalog is not None else None
        if found is not None:
            entries.append(item_entry(found))
        elif is_number:
            where = "目录中没有这个序号" if catalog is not None else "按序号引用须用 --catalog 指定目录"
            raise DataProblem(f"{field_name}第 {n} 项“{ref}”：{where}")
        else:
            entries.append({"序号": None, "名称": str(ref), "内容": None, "依据": []})
    return entries


def _doc_no(number: DocNo | None, catalog: Catalog | None, on: date | None) -> str | Mixed:
    prefix = (number.prefix if number else None) or (catalog.letter_prefix if catalog else None)
    year = (number.year if number else None) or (on.year if on else None)
    if number is None or not prefix or not year:
        return Mixed(
            (
                prefix or Gap(6),
                "〔",
                str(year) if year else Gap(3),
                "〕",
                number.seq if number else Gap(3),
                "号",
            )
        )
    return doc_number(prefix, year, number.seq)


def _agency(data: Any, attr: str, catalog: Catalog | None) -> str | None:
    return _get(data, attr) or (catalog.agency if catalog else None)


# -- the kinds ---------------------------------------------------------------------------------


def _commitment(data: CommitmentData | None, at: Lookup) -> Prepared:
    catalog, item = at.catalog, at.item
    notice = item.notice if item else None
    disclosure = notice.disclosure if notice else None
    liaison = catalog.liaison if catalog else None
    number = _get(data, "number")
    on = _get(data, "date")
    year = (number.year if number else None) or (on.year if on else None)
    agent = _get(data, "agent")
    contact = _get(data, "agency")
    return Prepared(
        {
            "事项": item_entry(item) if item else {"名称": None, "用途": None, "依据": [None], "内容": None},
            "申请事项": _get(data, "matter") or (item.purpose if item else None),
            "编号": serial_number(year, number.seq)
            if number and year
            else Mixed(("[", Gap(3), "年]第", Gap(3), "号")),
            "申请人": _person(_get(data, "applicant")),
            "代理人": {
                "姓名": agent.name,
                "证件类型": agent.id_type,
                "证件编号": agent.id_number,
                "授权书": agent.authorisation,
            }
            if agent
            else None,
            "行政机关": {
                "名称": catalog.agency if catalog else None,
                "联系人": _get(contact, "person") or (_get(liaison, "liaison") if data else None),
                "联系方式": _get(contact, "phone") or (_get(liaison, "liaison_phone") if data else None),
            },
            "愿意承诺": _get(data, "willing"),
            "承诺方式": notice.manner if notice else None,
            "可代为承诺": notice.proxy_allowed if notice else None,
            "不实承诺责任": [_clause(x) for x in notice.liabilities] if notice else [None, None, None],
            "公开": {
                "是否公开": disclosure.public if disclosure else None,
                "公开范围": disclosure.scope if disclosure else None,
                "公开时限": disclosure.period if disclosure else None,
            },
            "符合条件": _clause(_get(data, "conditions") or (notice.content if notice else None)),
            "日期": date_text(on),
        }
    )


def _internal_check(data: InternalCheckData | None, at: Lookup) -> Prepared:
    catalog = at.catalog
    system = _get(data, "system")
    return Prepared(
        {
            "监管部门": _agency(data, "department", catalog),
            "系统名称": system.removesuffix("系统") if system else Gap(10),
            "申请人": _person(_get(data, "applicant")),
            "承诺事项": resolve_items(_get(data, "items"), catalog, "承诺事项"),
            "相关信息": data.findings if data else BLANK_LINES,
            "核验人": _get(data, "checker"),
            "日期": date_text(_get(data, "date")),
        }
    )


def _onsite_check(data: OnsiteCheckData | None, at: Lookup) -> Prepared:
    from gaozhi_cli.letters.workdays import due_date

    catalog = at.catalog

    checked = _get(data, "check_date")
    days = _get(data, "correction_days")
    warnings: list[str] = []
    due: date | None = None
    if checked and days:
        due, warning = due_date(checked, days, at.calendar_files)
        warnings += [warning] if warning else []
    department = _agency(data, "department", catalog)
    nonconforming = _get(data, "nonconforming")
    return Prepared(
        {
            "监管部门": department,
            "申请人": _person(_get(data, "applicant")),
            "承诺事项": resolve_items(_get(data, "items"), catalog, "承诺事项"),
            "核验日期": date_text(checked),
            "核验记录": data.record if data else BLANK_LINES,
            "不符合要求的事项": [e["名称"] for e in resolve_items(nonconforming, catalog, "不符合要求的事项")]
            if data is not None
            else Gap(12),
            "整改期限": days or Gap(3),
            "截止日期": format_cn(due) if due else None,
            "递交单位": _get(data, "submit_to") or (department if data else None),
            "现场核验人员": "、".join(data.inspectors) if data and data.inspectors else None,
            "日期": date_text(_get(data, "date") or checked),
        },
        warnings,
    )


def _assist_request(data: AssistRequestData | None, at: Lookup) -> Prepared:
    catalog = at.catalog
    on = _get(data, "date")
    contents = []
    for entry in resolve_items(_get(data, "contents"), catalog, "承诺内容"):
        name, content = entry["名称"], entry["内容"]
        contents.append(f"{name}：{content}" if name and content else name)
    staff = _get(data, "staff") or []
    return Prepared(
        {
            "函号": _doc_no(_get(data, "number"), catalog, on),
            "请求机关": _agency(data, "agency", catalog),
            "被请求单位": _get(data, "addressee"),
            "申请日期": date_text(_get(data, "applied_on")),
            "申请人": _person(_get(data, "applicant")),
            "办理事项": _get(data, "matter"),
            "承诺内容": contents,
            "协助方式": _get(data, "manner"),
            "回复期限": _get(data, "reply_days") or Gap(3),
            "核查人员": staff if len(staff) == 2 else [Gap(5), Gap(5)],
            "日期": date_text(on),
        }
    )


def _assist_reply(data: AssistReplyData | None, at: Lookup) -> Prepared:
    catalog = at.catalog
    on = _get(data, "date")
    unable = _get(data, "unable")
    return Prepared(
        {
            "函号": _doc_no(_get(data, "number"), catalog, on),
            "回复机关": _agency(data, "agency", catalog),
            "请求机关": _get(data, "requester"),
            "请求日期": date_text(_get(data, "requested_on")),
            "来函函号": _get(data, "request_number") or Gap(10),
            "申请人": _person(_get(data, "applicant")),
            "承诺事项": resolve_items(_get(data, "items"), catalog, "承诺事项"),
            "核实结果": _get(data, "verdict"),
            "无法协助": {"原因": unable.reason, "建议协助单位": unable.suggested} if unable else None,
            "空白": data is None,
            "日期": date_text(on),
        }
    )


def _liaison(data: LiaisonData | None, at: Lookup) -> Prepared:
    catalog = at.catalog
    liaison = catalog.liaison if catalog else None
    if data is not None and catalog is None and not data.agency:
        raise DataProblem("联络表需要目录（--catalog）或数据中的“单位名称”")
    fields = ("office", "office_phone", "head", "head_phone", "liaison", "liaison_phone")
    labels = ("具体承办科室", "办公电话", "科室负责人", "负责人电话", "联络员", "联络员电话")
    context: Context = {"单位名称": _agency(data, "agency", catalog) if data else None}
    for name, label in zip(fields, labels, strict=True):
        context[label] = (_get(data, name) or _get(liaison, name)) if data else None
    return Prepared(context)


_APPLICANT = {"姓名": "张三", "证件类型": "居民身份证", "证件编号": "140502199001011230"}

KINDS: dict[str, Kind] = {
    k.id: k
    for k in (
        Kind(
            "commitment",
            "承诺书",
            "附件4 证明事项告知承诺书",
            ("告知承诺书", "证明事项告知承诺书"),
            CommitmentData,
            _commitment,
            {
                "编号": 15,
                "证明事项": 1,
                "申请人": {**_APPLICANT, "联系方式": "13900000000"},
                "行政机关": {"联系人": "李晓梅", "联系方式": "0356-2021001"},
                "日期": "2021-03-16",
            },
            "告知承诺书-{申请人.姓名}-{编号}",
            needs_catalog=True,
            uses_item=True,
        ),
        Kind(
            "internal-check",
            "内部核验单",
            "附件5 证明事项内部核验单",
            ("证明事项内部核验单",),
            InternalCheckData,
            _internal_check,
            {
                "系统名称": "全国律师执业管理信息系统",
                "申请人": {"姓名": "张三"},
                "承诺事项": [1, 2],
                "相关信息": "经查询，申请人无犯罪记录，实习登记记载实习期满一年。",
                "核验人": "赵刚",
                "日期": "2021-04-06",
            },
            "内部核验单-{申请人.姓名}",
        ),
        Kind(
            "onsite-check",
            "现场核验记录单",
            "附件6 证明事项现场核验记录单",
            ("现场核验单", "证明事项现场核验记录单"),
            OnsiteCheckData,
            _onsite_check,
            {
                "申请人": {"姓名": "张三"},
                "承诺事项": [2],
                "核验日期": "2021-04-06",
                "核验记录": "现场查阅律师事务所实习档案，实习考核表缺少指导律师签字。",
                "不符合要求的事项": [2],
                "整改期限": 5,
                "现场核验人员": ["赵刚", "钱敏"],
            },
            "现场核验记录单-{申请人.姓名}",
        ),
        Kind(
            "assist-request",
            "协助函",
            "附件7 申请行政协助函",
            ("申请行政协助函", "行政协助函"),
            AssistRequestData,
            _assist_request,
            {
                "函号": 15,
                "被请求单位": "晋城市公安局",
                "申请日期": "2021-03-16",
                "申请人": {"姓名": "张三"},
                "办理事项": "律师执业核准",
                "承诺内容": [1],
                "协助方式": "书面回复",
                "回复期限": 5,
                "日期": "2021-03-17",
            },
            "申请行政协助函-{函号}-{申请人.姓名}",
            letter=True,
        ),
        Kind(
            "assist-reply",
            "回复函",
            "附件8 行政协助回复函",
            ("行政协助回复函",),
            AssistReplyData,
            _assist_reply,
            {
                "函号": "晋市公函〔2021〕3号",
                "回复机关": "晋城市公安局",
                "请求机关": "晋城市司法局",
                "请求日期": "2021-03-17",
                "来函函号": "晋市司函字〔2021〕15号",
                "申请人": {"姓名": "张三"},
                "承诺事项": ["申请人未受过刑事处罚（过失犯罪除外）"],
                "核实结果": "真实",
                "日期": "2021-03-22",
            },
            "行政协助回复函-{函号}-{申请人.姓名}",
            letter=True,
        ),
        Kind(
            "liaison",
            "联络表",
            "附件1 推行证明事项告知承诺制联络表",
            ("推行证明事项告知承诺制联络表",),
            LiaisonData,
            _liaison,
            {},
            "联络表-{单位名称}",
        ),
    )
}


def find_kind(name: str) -> Kind:
    """A kind by its English id, Chinese name or alias."""
    wanted = name.strip()
    for kind in KINDS.values():
        if wanted.lower() == kind.id or wanted == kind.name or wanted in kind.aliases:
            return kind
    names = "、".join(f"{k.id}（{k.name}）" for k in KINDS.values())
    raise UsageError(f"没有文书种类“{name}”；可用：{names}")
