"""Rules on what may be in the catalogue at all: excluded domains (实施方案 三), certificates
that village and residents' committees must not issue (民发〔2020〕20号), and self-issued ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.model import normalise
from gaozhi_cli.catalog.rules import Finding, ItemContext, rule

# 实施方案 三: domains where a commitment may not replace a certificate, with words that show them.
DOMAIN_KEYWORDS: dict[str, tuple[str, ...]] = {
    "国家安全": ("国家安全", "反间谍", "国家情报"),
    "国家秘密": ("国家秘密", "涉密", "保密资格", "保密资质"),
    "公共安全": (
        "公共安全",
        "危险化学品",
        "烟花爆竹",
        "民用爆炸物品",
        "易制爆",
        "易制毒",
        "剧毒化学品",
        "枪支",
        "弹药",
        "管制刀具",
        "放射性",
        "射线装置",
        "核材料",
        "核安全",
        "特种设备",
        "大型群众性活动",
        "安全生产许可",
    ),
    "金融业审慎监管": (
        "审慎监管",
        "金融许可",
        "银行业",
        "保险业",
        "证券业",
        "期货",
        "融资担保",
        "小额贷款",
        "典当",
    ),
    "生态环境保护": (
        "生态环境",
        "环境保护",
        "环境影响评价",
        "环评",
        "排污",
        "危险废物",
        "固体废物",
        "辐射安全",
    ),
    "人身健康": (
        "人身健康",
        "药品",
        "医疗器械",
        "疫苗",
        "血液",
        "病原微生物",
        "传染病",
        "职业病",
        "放射诊疗",
    ),
    "生命财产安全": ("生命财产", "建设工程质量", "消防安全", "燃气经营", "危险货物"),
    "重要涉外": ("涉外", "外国人", "出入境", "境外"),
}

# 民发〔2020〕20号: the 20 certificates committees must not issue, and words that name them.
COMMITTEE_CERTIFICATES: dict[str, tuple[str, ...]] = {
    "亲属关系证明": ("亲属关系",),
    "居民身份信息证明": ("身份信息",),
    "户口登记项目内容变更申请证明": ("户口登记项目",),
    "居民养犬证明": ("养犬",),
    "无犯罪记录证明": ("无犯罪记录", "犯罪记录"),
    "社区戒毒社区康复人员情况证明": ("社区戒毒", "社区康复"),
    "人员失踪证明": ("失踪",),
    "婚姻状况证明": ("婚姻状况", "未婚", "单身"),
    "出生证明": ("出生",),
    "健在证明": ("健在", "生存证明", "存活"),
    "死亡证明": ("死亡",),
    "疾病状况证明": ("疾病", "患病"),
    "残疾状况证明": ("残疾",),
    "婚育状况证明": ("婚育", "生育状况"),
    "居民就业状况证明": ("就业状况", "失业", "无业"),
    "居民个人档案证明": ("个人档案",),
    "居民财产证明": ("财产",),
    "遗产继承权证明": ("继承",),
    "市场主体住所证明": ("住所", "经营场所"),
    "证件遗失证明": ("遗失",),
}
_COMMITTEE = re.compile(
    r"村民委员会|居民委员会|村委会|居委会|村[（(]居[)）]|村[（(]社区[)）]|^社区$|^村$|社区居委"
)


@lru_cache(maxsize=32)
def _domains(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, str]]:
    pairs = [(word, domain) for domain, words in DOMAIN_KEYWORDS.items() for word in words]
    pairs += [(word, domain) for domain, words in extra for word in words]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


@rule(
    code="GZ401",
    name="excluded-domain",
    severity=Severity.WARNING,
    summary="事项涉及不适用告知承诺制的领域，却没有写适用说明",
    source="实施方案 三 实施范围；国办发〔2020〕42号",
    bad="""
    证明事项: 烟花爆竹零售经营场所安全条件证明
    证明用途: 烟花爆竹经营（零售）许可
    """,
    good="""
    证明事项: 烟花爆竹零售经营场所安全条件证明
    证明用途: 烟花爆竹经营（零售）许可
    适用说明: 仅替代场所权属证明，安全条件仍由应急管理部门现场核查后方予许可
    """,
)
def excluded_domain(ctx: ItemContext) -> Iterator[Finding]:
    """直接涉及国家安全、国家秘密、公共安全、金融业审慎监管、生态环境保护，直接关系
    人身健康、生命财产安全，以及重要涉外等风险较大、纠错成本较高、损害难以挽回的
    证明事项，不适用告知承诺制。检查证明事项、证明用途和依据名称中的关键词（如危险化学品、
    烟花爆竹、特种设备、药品）。确属可以实行的，在“适用说明”中写明理由，本规则即不再提示。
    关键词可在配置中用 extend-domain-keywords 增加。"""
    item = ctx.item
    if (item.applicability_note or "").strip():
        return
    extra = tuple((d, tuple(w)) for d, w in ctx.settings.extend_domain_keywords.items())
    places: list[tuple[tuple[str | int, ...], str]] = [
        (("证明事项",), item.name),
        (("证明用途",), item.purpose),
    ]
    places += [(("设定依据", i, "名称"), b.title) for i, b in enumerate(item.bases)]
    for path, text in places:
        for word, domain in _domains(extra):
            if word in text:
                yield Finding(
                    f"涉及“{domain}”领域（关键词“{word}”），按实施方案三不适用告知承诺制；"
                    "确需实行的，请在“适用说明”中写明理由",
                    path,
                    needle=word,
                )
                return


@rule(
    code="GZ402",
    name="committee-certificate",
    severity=Severity.ERROR,
    summary="由村（居）委会开具民发〔2020〕20号所列不应出具的证明",
    source="民政部等六部门《关于改进和规范基层群众性自治组织出具证明工作的指导意见》（民发〔2020〕20号）",
    bad="""
    证明事项: 婚姻状况证明
    开具单位: 村民委员会
    """,
    good="""
    证明事项: 婚姻状况证明
    开具单位: 民政部门（婚姻登记机关）
    """,
)
def committee_certificate(ctx: ItemContext) -> Iterator[Finding]:
    """村民委员会、居民委员会不应出具亲属关系、居民身份信息、无犯罪记录、婚姻状况、出生、
    健在、死亡、居民财产、市场主体住所、证件遗失等 20 项证明。目录里不应再写由它们开具；
    应改为部门间核查、数据共享或由法定机关出具。例外：仅用于公证且无法通过部门核对的
    亲属关系证明，可由村（社区）据实出具（民发〔2020〕20号 附件第1项）。"""
    item = ctx.item
    issuer = normalise(item.issuing_unit)
    if not _COMMITTEE.search(issuer):
        return
    name = normalise(item.name)
    for certificate, words in COMMITTEE_CERTIFICATES.items():
        word = next((w for w in words if w in name), None)
        if word is None:
            continue
        if certificate == "亲属关系证明" and "公证" in item.purpose:
            return
        yield Finding(
            f"村（居）委会不应出具“{certificate}”（民发〔2020〕20号）；请改为部门核查或由法定机关出具",
            ("开具单位",),
        )
        return


_SELF = {"本机关", "本单位", "本部门", "本局", "本委", "本厅"}


def _same_body(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.endswith(short)


@rule(
    code="GZ403",
    name="self-issued",
    severity=Severity.WARNING,
    summary="索要单位与开具单位是同一个机关",
    source="国办发〔2020〕42号：能通过内部核查获取的信息不再索要证明",
    bad="""
    索要单位: 市司法局
    开具单位: 市司法局
    """,
    good="""
    索要单位: 市司法局
    开具单位: 公安机关
    """,
)
def self_issued(ctx: ItemContext) -> Iterator[Finding]:
    """机关向申请人索要自己开具的证明，等于让申请人跑腿替机关传递自己掌握的信息。
    这种情况应改为内部核查（附件5 内部核验单），不需要申请人证明，也不需要承诺。"""
    item = ctx.item
    issuer, requester = normalise(item.issuing_unit), normalise(item.requesting_unit)
    agency = normalise(ctx.header.agency) if ctx.header else ""
    if issuer in _SELF or _same_body(issuer, requester) or (agency and _same_body(issuer, agency)):
        yield Finding(
            f"开具单位“{item.issuing_unit}”就是索要单位本身；本机关掌握的信息应内部核查，不应列为证明事项",
            ("开具单位",),
        )
