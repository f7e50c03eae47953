"""The catalogue of evidence items (证明事项目录, seed 附件3) as pydantic models.

Keys are the Chinese headings of the annex; each field also accepts its English name.
This schema is a contract: the letters, the export and other agencies' tools rely on it.
Checks that need judgement (is this basis a law? is this wording vague?) are rules in
``catalog.rules``, not validators here, so that each has a code, a message and a test.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints

from gaozhi_cli.dates import coerce_date
from gaozhi_cli.modelbase import ChineseModel

LEGAL_LEVELS = ("法律", "行政法规", "地方性法规", "国务院决定", "部门规章", "地方政府规章", "规范性文件")
# The levels on which a certificate may be demanded (附件3 说明1).
LAW_LEVELS = frozenset(LEGAL_LEVELS[:4])
VERIFICATION_METHODS = ("内部核查", "在线核查", "现场核查", "行政协助核查", "免予核查")
DAILY_SUPERVISION = ("双随机一公开", "重点监管", "互联网+监管", "信用监管")

LegalLevel = Literal["法律", "行政法规", "地方性法规", "国务院决定", "部门规章", "地方政府规章", "规范性文件"]
VerificationMethod = Literal["内部核查", "在线核查", "现场核查", "行政协助核查", "免予核查"]
DailySupervision = Literal["双随机一公开", "重点监管", "互联网+监管", "信用监管"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_TRUE_WORDS = {"是", "可", "可以", "允许", "公开", "true", "yes"}
_FALSE_WORDS = {"否", "不可", "不可以", "不允许", "不公开", "false", "no"}


def normalise(text: str) -> str:
    """Text compared as a reader would: spaces and full/half-width differences ignored."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _chinese_bool(value: Any) -> Any:
    """Let liaisons write 是/否、可/不可 where the schema wants a yes or no."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return value


def _one_or_many(value: Any) -> Any:
    """A single value where a list is expected becomes a one-element list."""
    if isinstance(value, str | dict):
        return [value]
    return value


def _date_value(value: Any) -> Any:
    return coerce_date(value) or value


YesNo = Annotated[bool, BeforeValidator(_chinese_bool)]


class Liaison(ChineseModel):
    """附件1 推行证明事项告知承诺制联络表."""

    office: str | None = Field(None, alias="具体承办科室", description="具体承办科室")
    office_phone: str | None = Field(None, alias="办公电话", description="承办科室办公电话")
    head: str | None = Field(None, alias="科室负责人", description="科室负责人姓名")
    head_phone: str | None = Field(None, alias="负责人电话", description="科室负责人联系电话")
    liaison: str | None = Field(None, alias="联络员", description="联络员姓名")
    liaison_phone: str | None = Field(None, alias="联络员电话", description="联络员联系电话")


class Basis(ChineseModel):
    """One legal basis (设定依据): 依据名称、文号及条文内容 (附件3 说明2)."""

    title: Text = Field(alias="名称", description="依据名称，用书名号，如《中华人民共和国律师法》")
    number: str | None = Field(
        None, alias="文号", description="公布文号，如 中华人民共和国主席令第七十六号、国务院令第412号"
    )
    article: str | None = Field(None, alias="条款", description="条款，如 第七条、第十二条第一款第（三）项")
    text: str | None = Field(None, alias="内容", description="条文内容或其中起作用的部分")
    level: LegalLevel | None = Field(None, alias="效力层级", description="效力层级（可选声明）")


class Supervision(ChineseModel):
    """监管措施: how and when the commitment is verified (seed 四(四))."""

    methods: Annotated[list[VerificationMethod], BeforeValidator(_one_or_many)] = Field(
        default_factory=list, alias="核查方式", description="核查方式：" + "、".join(VERIFICATION_METHODS)
    )
    time_limit: str | None = Field(
        None, alias="核查时限", description="核查时限，须有具体时间，如 作出决定后20个工作日内"
    )
    standard: str | None = Field(None, alias="核查标准", description="核查标准：以什么为准判定承诺属实")
    daily: Annotated[list[DailySupervision], BeforeValidator(_one_or_many)] = Field(
        default_factory=list,
        alias="日常监管",
        description="日常监管方式（免予核查时必填）：" + "、".join(DAILY_SUPERVISION),
    )


class Disclosure(ChineseModel):
    """承诺书是否公开、公开范围及时限 (seed 四(三)2, 四(八))."""

    public: YesNo | None = Field(None, alias="是否公开", description="承诺书是否公开")
    scope: str | None = Field(None, alias="公开范围", description="公开范围，如 晋城市司法局门户网站")
    period: str | None = Field(None, alias="公开时限", description="公开时限，如 作出决定之日起7个工作日内")


class Notice(ChineseModel):
    """告知: what the written notice of 附件4 tells the applicant (seed 四(三)2)."""

    content: str | None = Field(
        None, alias="证明内容", description="证明的内容（许可条件和材料要求），具体可量化"
    )
    manner: str | None = Field(None, alias="承诺方式", description="承诺方式，如 书面承诺")
    proxy_allowed: YesNo | None = Field(
        None, alias="代为承诺", description="是否可代为承诺（true＝可代为承诺）"
    )
    liabilities: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(
        default_factory=list, alias="不实承诺责任", description="不实承诺的民事、行政、刑事责任，逐条列出"
    )
    disclosure: Disclosure | None = Field(None, alias="公开", description="承诺书是否公开、公开范围及时限")


class Item(ChineseModel):
    """One row of the catalogue: a certificate that a commitment may replace."""

    seq: int = Field(alias="序号", ge=1, description="序号，从 1 起连续编号")
    name: Text = Field(alias="证明事项", description="证明事项名称，如 无犯罪记录证明")
    purpose: Text = Field(alias="证明用途", description="证明用途（办理的行政事项），如 律师执业核准")
    bases: Annotated[list[Basis], BeforeValidator(_one_or_many)] = Field(
        alias="设定依据", min_length=1, description="设定依据：法律、法规或国务院决定，一条或多条"
    )
    requesting_unit: Text = Field(alias="索要单位", description="索要证明的单位")
    issuing_unit: Text = Field(alias="开具单位", description="原本开具证明的单位")
    supervision: Supervision | None = Field(None, alias="监管措施", description="监管措施（事中事后核查）")
    notice: Notice | None = Field(None, alias="告知", description="书面告知的内容（附件4 告知承诺书所需）")
    applicability_note: str | None = Field(
        None, alias="适用说明", description="涉及排除领域（实施方案 三）的事项仍实行告知承诺的理由"
    )
    ignore: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(
        default_factory=list, alias="忽略", description="本事项不检查的规则代码，如 [GZ301]"
    )
    remarks: str | None = Field(None, alias="备注", description="备注")

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two rows the same item, across a catalogue or between versions of it:
        证明事项 and 证明用途 (not 序号, which changes when items are added or removed)."""
        return normalise(self.name), normalise(self.purpose)


class CatalogHeader(ChineseModel):
    """Everything in a catalogue file except its items."""

    agency: Text = Field(alias="行政机关", description="行政机关名称（附件3 表头）")
    liaison: Liaison | None = Field(None, alias="联络", description="联络表信息（附件1），打印联络表时必填")
    letter_prefix: str | None = Field(
        None, alias="函号前缀", description="函号前缀，如 晋市司函字，用于附件7、8 的函号"
    )
    published: Annotated[date | None, BeforeValidator(_date_value)] = Field(
        None, alias="发布日期", description="目录发布日期"
    )


class Catalog(CatalogHeader):
    """A whole catalogue file (附件3 实行告知承诺制的证明事项目录)."""

    model_config = ConfigDict(
        title="证明事项目录",
        json_schema_extra={"description": "实行告知承诺制的证明事项目录（晋市政办〔2021〕8号 附件3）"},
        defer_build=True,  # validate checks headers and items one by one: built when first used
    )

    items: list[Item] = Field(alias="证明事项", min_length=1, description="证明事项列表")

    def item(self, key: int | str) -> Item | None:
        """The item with 序号 ``key`` (an int or digits), or else the one whose 证明事项 is ``key``."""
        if isinstance(key, int) or (isinstance(key, str) and key.strip().isdigit()):
            seq = int(key)
            return next((i for i in self.items if i.seq == seq), None)
        matches = [i for i in self.items if i.name == str(key).strip()]
        return matches[0] if len(matches) == 1 else None
