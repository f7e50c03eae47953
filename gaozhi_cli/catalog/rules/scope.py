"""Rules on what may be in the catalogue at all: excluded domains (实施方案 三), certificates
that village and residents' committees must not issue (民发〔2020〕20号), and self-issued ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.model import normalise
from gaozhi_cli.catalog.rules import Finding, ItemContext, rule

# -- GZ401 ---------------------------------------------------------------------------------------

# 实施方案 三: domains where a commitment may not replace a certificate, with the terms that show
# an item is in one. Terms name the regulated activity (烟花爆竹, 排污, 药品), not a word that is
# merely nearby: 健康证明 and 健康体检 are a priority area of 42号 (R05), 火灾事故认定书 proves a
# fire happened and is no fire-safety permit, and a citizen's own 出入境证件 is not 重要涉外.
DOMAIN_KEYWORDS: dict[str, tuple[str, ...]] = {
    "国家安全": (
        "国家安全",
        "反间谍",
        "国家情报",
        "反恐怖",
        "恐怖活动",
        "军事设施",
        "军事禁区",
        "国防",
        "武器装备科研生产",
    ),
    "国家秘密": ("国家秘密", "涉密", "保密资格", "保密资质"),
    "公共安全": (
        "公共安全",
        "危险化学品",
        "危化品",
        "烟花爆竹",
        "民用爆炸物品",
        "爆破作业",
        "易制爆",
        "易制毒",
        "剧毒化学品",
        "枪支",
        "弹药",
        "管制刀具",
        "放射性",
        "射线装置",
        "核材料",
        "核设施",
        "核安全",
        "特种设备",
        "锅炉",
        "压力容器",
        "起重机械",
        "客运索道",
        "游乐设施",
        "大型群众性活动",
        "安全生产许可",
        "煤矿",
        "非煤矿山",
        "尾矿库",
    ),
    "金融业审慎监管": (
        "审慎监管",
        "金融许可",
        "金融业",
        "金融机构",
        "金融控股",
        "金融资产管理",
        "消费金融",
        "银行业",
        "商业银行",
        "村镇银行",
        "信用合作",
        "保险公司",
        "保险机构",
        "保险资产管理",
        "证券公司",
        "保险业",
        "证券业",
        "证券经营",
        "证券投资咨询",
        "期货",
        "基金管理",
        "信托",
        "融资担保",
        "融资租赁",
        "小额贷款",
        "典当",
        "地方金融组织",
        "支付业务",
    ),
    "生态环境保护": (
        "生态环境",
        "环境保护",
        "环境影响评价",
        "环评",
        "排污",
        "危险废物",
        "固体废物",
        "医疗废物",
        "辐射安全",
        "自然保护区",
        "饮用水水源",
        "野生动物",
        "林木采伐",
    ),
    "人身健康": (
        "人身健康",
        "药品",
        "医疗器械",
        "疫苗",
        "血液",
        "血浆",
        "病原微生物",
        "传染病",
        "职业病",
        "职业卫生",
        "放射诊疗",
        "医疗机构执业",
        "母婴保健",
        "人类辅助生殖",
        "器官移植",
        "婴幼儿配方",
        "特殊医学用途",
        "保健食品",
    ),
    "生命财产安全": (
        "生命财产",
        "建设工程质量",
        "消防安全",
        "消防设计",
        "消防验收",
        "燃气经营",
        "燃气燃烧器具",
        "危险货物",
        "校车",
        "地质灾害",
        "水库大坝",
    ),
    "重要涉外": (
        "涉外",
        "外国人",
        "外国常驻",
        "外国政府",
        "外籍",
        "境外非政府组织",
        "境外组织",
        "外交人员",
        "外交机构",
        "领事",
        "对外劳务",
        "对外援助",
        "国际组织",
        "永久居留",
    ),
}
# 不含危险货物, 非药品类: the item says it is outside what the term names.
_EXCLUDED_BY = re.compile(r"(?:不含|不包括|不涉及|不属于|非)$")
# 审核材料 is no 核材料: a term starting with 核 inside 审核, 复核, 考核 is that word.
_PART_OF_A_WORD = re.compile(r"[审复考查稽校]$")


@lru_cache(maxsize=32)
def _domains(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, str]]:
    pairs = [(word, domain) for domain, words in DOMAIN_KEYWORDS.items() for word in words]
    pairs += [(word, domain) for domain, words in extra for word in words]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


_FOUND_TERMS: dict[tuple[str, int], tuple[str, str] | None] = {}


def _domain_term(text: str, terms: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first (term, domain) in ``text`` that is not excluded by the words before it
    (remembered: catalogues repeat their purposes and bases item after item)."""
    key = (text, id(terms))  # term lists come from the _domains cache and live as long
    if key not in _FOUND_TERMS:
        if len(_FOUND_TERMS) > 65536:
            _FOUND_TERMS.clear()
        _FOUND_TERMS[key] = _first_term(text, terms)
    return _FOUND_TERMS[key]


def _first_term(text: str, terms: list[tuple[str, str]]) -> tuple[str, str] | None:
    for word, domain in terms:
        start = text.find(word)
        while start != -1:
            inside_a_word = word.startswith("核") and _PART_OF_A_WORD.search(text, 0, start)
            if not inside_a_word and not _EXCLUDED_BY.search(text, 0, start):
                return word, domain
            start = text.find(word, start + 1)
    return None


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
    证明事项，不适用告知承诺制。检查证明事项、证明用途和依据名称中表明这些领域的用语，
    如危险化学品、烟花爆竹、特种设备、排污、药品、病原微生物、融资担保、燃气经营、外国人。
    是否“直接”涉及、是否“重要”，要看事项本身，所以本规则只是警告：确属可以实行的，
    在“适用说明”中写明理由，本规则即不再提示。

    只是字面相近的不算：健康证明、健康体检（42号列为告知承诺的重点领域）；火灾、交通事故
    认定书（证明事故发生过，不是消防安全许可）；公民本人申办护照、港澳台通行证等出入境证件
    （不是重要涉外事项）；机关名称（卫生健康委员会、生态环境局）不检查。写明“不含危险货物”
    “非药品类”的，该用语不算。用语可在配置中用 extend-domain-keywords 增加。"""
    item = ctx.item
    if (item.applicability_note or "").strip():
        return
    extra = tuple((d, tuple(w)) for d, w in ctx.settings.extend_domain_keywords.items())
    places: list[tuple[tuple[str | int, ...], str]] = [
        (("证明事项",), item.name),
        (("证明用途",), item.purpose),
    ]
    places += [(("设定依据", i, "名称"), b.title) for i, b in enumerate(item.bases)]
    terms = _domains(extra)
    for path, text in places:
        found = _domain_term(text, terms)
        if found:
            word, domain = found
            yield Finding(
                f"涉及“{domain}”领域（关键词“{word}”），按实施方案三不适用告知承诺制；"
                "确需实行的，请在“适用说明”中写明理由",
                path,
                needle=word,
            )
            return


# -- GZ402 ---------------------------------------------------------------------------------------

_KIN = (
    "亲属|近亲属|直系亲属|亲子|父母|子女|父子|母子|父女|母女|夫妻|配偶|兄弟|姐妹|祖孙|"
    "祖父母|外祖父母|孙子女|外孙子女|继父母|继子女|血缘|抚养|赡养|扶养|收养"
)
# 民发〔2020〕20号: the 20 certificates committees must not issue, in the order of its list, with
# what each is usually called. 收入 and 经济困难 are not 居民财产 (the list names assets), 监护 is
# not kinship, 劳动关系 is no family relation, and a person's 住址 or 居住证明 is not a 市场主体住所.
COMMITTEE_CERTIFICATES: dict[str, re.Pattern[str]] = {
    "亲属关系证明": re.compile(
        rf"(?:{_KIN})(?:[、和与及或]?(?:{_KIN}))*关系"
        r"|与(?:死者|逝者|亡者|去世人|被继承人|参保人员?|户主|被收养人|被赡养人|被扶养人|被抚养人)的?关系"
    ),
    "居民身份信息证明": re.compile(r"身份(?:信息|情况|证明)|同一人|曾用名"),
    "户口登记项目内容变更申请证明": re.compile(
        r"户口登记项目|(?:户口|户籍)(?:登记)?(?:项目|内容|信息)?的?(?:变更|更正|更改|修改)"
    ),
    "居民养犬证明": re.compile(r"养犬|养狗|犬只"),
    "无犯罪记录证明": re.compile(r"犯罪|刑事处罚"),
    "社区戒毒社区康复人员情况证明": re.compile(r"社区戒毒|社区康复|戒毒|吸毒"),
    "人员失踪证明": re.compile(r"失踪|下落不明"),
    "婚姻状况证明": re.compile(r"婚姻|未婚|已婚|离婚|离异|丧偶|单身|再婚|无配偶"),
    "出生证明": re.compile(r"出生"),
    "健在证明": re.compile(r"健在|在世|生存|存活"),
    "死亡证明": re.compile(r"死亡|去世|身故|亡故|逝世|病故|过世|离世"),
    "疾病状况证明": re.compile(r"疾病|患病|病情|病史|患有"),
    "残疾状况证明": re.compile(r"残疾|伤残|残障"),
    "婚育状况证明": re.compile(r"婚育|生育|计划生育|计生|独生子女|节育|怀孕|孕情"),
    "居民就业状况证明": re.compile(r"就业|失业|无业|待业|下岗|无固定职业|无工作|务农"),
    "居民个人档案证明": re.compile(r"档案"),
    "居民财产证明": re.compile(r"财产|房产|房屋产权|房屋权属|存款|资产"),
    "遗产继承权证明": re.compile(r"继承|遗产"),
    "市场主体住所证明": re.compile(r"经营场所|营业场所|经营地址|办公场所|住所|住址|场地"),
    "证件遗失证明": re.compile(r"遗失|丢失|灭失|被盗"),
}
# 住所, 住址 and 场地 are a 市场主体住所 only where the item is about a business.
_PERSONAL_ADDRESS = re.compile(r"住所|住址|场地|办公场所")
_BUSINESS = re.compile(r"企业|公司|个体|工商|市场主体|营业执照|合作社|商户|经营|设立登记|注册登记")
_BUSINESS_PREMISES = re.compile(r"经营场所|营业场所|经营地址")

# 村民委员会, 居民委员会 and their usual names: 村委会, 居委会, 村（居）委会, 村（居）民委员会,
# 村居委会, 社区居委会, 社区居民委员会, 嘎查（村）委员会 (Inner Mongolia), and the village or
# community as the issuer (所在村, 嘉和社区, 村（社区）). Width and spaces are normalised first, so
# full-width brackets arrive as ( ). 社区卫生服务中心, 社区矫正机构, 社区戒毒办公室 are other
# bodies: 社区 there is not the last word.
_UNIT_END = r"(?=$|[、，,;；/()或和及与])"
_COMMITTEE = re.compile(
    r"(?:村|居|村\(居\)|村居|嘎查|社区)民?(?:委员会|委会)|村两委"
    rf"|(?:村|居)委{_UNIT_END}"
    rf"|(?:社区|村|嘎查){_UNIT_END}"
)


def _certificate_kind(name: str, purpose: str) -> tuple[str, str] | None:
    """(certificate of the list, the word that shows it) for a certificate named ``name``."""
    for certificate, pattern in COMMITTEE_CERTIFICATES.items():
        found = pattern.search(name)
        if not found:
            continue
        personal = _PERSONAL_ADDRESS.fullmatch(found.group()) and not _BUSINESS_PREMISES.search(name)
        if certificate == "市场主体住所证明" and personal and not _BUSINESS.search(name + purpose):
            continue  # 居住地住址证明 for a 居住证: a person's address
        return certificate, found.group()
    return None


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
    """村民委员会、居民委员会不应出具亲属关系、居民身份信息、户口登记项目内容变更申请、
    居民养犬、无犯罪记录、社区戒毒社区康复人员情况、人员失踪、婚姻状况、出生、健在、死亡、
    疾病状况、残疾状况、婚育状况、居民就业状况、居民个人档案、居民财产、遗产继承权、
    市场主体住所、证件遗失这 20 项证明。目录里不应再写由它们开具；应改为部门间核查、
    数据共享或由法定机关出具。

    按证明的实际内容认定，不只看名称是否与清单一字不差：父母子女关系、夫妻关系、赡养关系
    属亲属关系；未婚、离异、丧偶、单身属婚姻状况；独生子女、计划生育属婚育状况；在世、生存
    属健在；去世、身故属死亡；失业、无业、待业属就业状况；伤残属残疾状况；房产、存款属居民
    财产；企业的住所、经营场所属市场主体住所；丢失属证件遗失。收入、经济困难、监护关系、
    个人的居住证明不在清单之内。开具单位写作村委会、居委会、村（居）委会、社区居委会、
    嘎查委员会、“所在村”“XX社区”等都算；社区卫生服务中心、社区矫正机构、街道办事处、
    乡镇人民政府不算。

    例外：仅用于公证且无法通过部门核对的亲属关系证明，可由村（社区）据实出具
    （民发〔2020〕20号 附件第1项），证明用途写明公证的，本规则不提示。"""
    item = ctx.item
    if not _COMMITTEE.search(normalise(item.issuing_unit)):
        return
    found = _certificate_kind(normalise(item.name), normalise(item.purpose))
    if found is None:
        return
    certificate, word = found
    if certificate == "亲属关系证明" and "公证" in item.purpose:
        return
    shown = "" if certificate.removesuffix("证明") in item.name else f"证明事项中的“{word}”属此类，"
    yield Finding(
        f"村（居）委会不应出具“{certificate}”（{shown}民发〔2020〕20号）；请改为部门核查或由法定机关出具",
        ("开具单位",),
    )


# -- GZ403 ---------------------------------------------------------------------------------------

# Kinds of agency, each with the names it goes by: full, abbreviated and generic. A unit is
# read as [place][kind][internal department]: 晋城市 + 公安局 + 治安管理支队.
AGENCY_KINDS: dict[str, tuple[str, ...]] = {
    "司法行政": ("司法局", "司法厅", "司法行政部门", "司法行政机关"),
    "公安": ("公安局", "公安厅", "公安分局", "公安机关", "公安部门"),
    "民政": ("民政局", "民政厅", "民政部门"),
    "人力资源社会保障": (
        "人力资源和社会保障局",
        "人力资源社会保障局",
        "人力资源和社会保障厅",
        "人力资源社会保障厅",
        "人力资源和社会保障部门",
        "人力资源社会保障部门",
        "人力资源社会保障行政部门",
        "人社局",
        "人社厅",
        "人社部门",
    ),
    "卫生健康": (
        "卫生健康委员会",
        "卫生健康委",
        "卫生健康局",
        "卫生健康部门",
        "卫生健康行政部门",
        "卫健委",
        "卫健局",
    ),
    "市场监管": (
        "市场监督管理局",
        "市场监督管理部门",
        "市场监管局",
        "市场监管部门",
        "工商行政管理局",
        "工商局",
    ),
    "住房城乡建设": (
        "住房和城乡建设局",
        "住房城乡建设局",
        "住房和城乡建设部门",
        "住房城乡建设部门",
        "住建局",
        "住建部门",
    ),
    "自然资源": (
        "规划和自然资源局",
        "自然资源和规划局",
        "自然资源局",
        "自然资源部门",
        "自然资源主管部门",
        "国土资源局",
    ),
    # 教育局 and a school are different bodies: only the administration is listed.
    "教育": ("教育局", "教育厅", "教育和体育局", "教体局", "教育行政部门"),
    "应急管理": ("应急管理局", "应急管理部门", "安全生产监督管理局", "安监局"),
    "生态环境": ("生态环境局", "生态环境部门", "环境保护局", "环保局"),
    "税务": ("税务局", "税务机关", "税务部门"),
    "退役军人事务": ("退役军人事务局", "退役军人事务部门"),
    "交通运输": ("交通运输局", "交通运输部门", "交通局"),
    "农业农村": ("农业农村局", "农业农村部门"),
    "医疗保障": ("医疗保障局", "医疗保障部门", "医保局"),
    "文化和旅游": ("文化和旅游局", "文化旅游局", "文旅局"),
    "财政": ("财政局", "财政部门"),
}
_KIND_NAMES = sorted(
    ((name, kind) for kind, names in AGENCY_KINDS.items() for name in names), key=lambda p: -len(p[0])
)
# An administrative place, or a bare level (市, 县, 区, 省): 晋城市, 泽州县, 晋城市城区.
_PLACE = re.compile(
    r"(?:[\u4e00-\u9fff]{0,8}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|区|旗|镇|乡|街道))+"
)
_LEVELS = "省自治区市州盟地区县旗镇乡街道"
# The issuing body described, not named: 户籍所在地公安机关 may be any locality's.
_DESCRIBED = re.compile(r"所在|居住地|户籍地|申请人|原|其|各|有关|相关")
_SELF = re.compile(r"本(?:行政)?(?:机关|单位|部门|局|委|厅|院|中心|所|处|科|站)|受理(?:机关|单位|部门)")
_ALTERNATIVES = re.compile(r"或者|或|、|；|;|，|,|/")
_BRACKETS = re.compile(r"\([^()]*\)")


def _units(text: str) -> list[str]:
    """The bodies a unit field names: brackets (notes) dropped, split at 或、；，."""
    plain, previous = normalise(text), ""
    while plain != previous:  # innermost first: 机构（《…证明（推断）书》）
        plain, previous = _BRACKETS.sub("", plain), plain
    return [u for u in _ALTERNATIVES.split(plain) if u]


@lru_cache(maxsize=8192)
def _read_unit(unit: str) -> tuple[str | None, str, str | None]:
    """(place, body, kind): 晋城市卫健委 → ('晋城市', '卫健委', '卫生健康').
    The place is None when the unit names no place of its own (公安机关, 户籍所在地公安机关)."""
    for name, kind in _KIND_NAMES:
        at = unit.find(name)
        if at != -1:
            return _place(unit[:at]), name, kind
    # A body of a kind not listed (法律援助中心, 人民医院): a leading place, then its name.
    # (Only here: 市场监督管理局 is listed, so its 市 is never taken for a place.)
    lead = _PLACE.match(unit)
    if lead and lead.end() < len(unit):
        return _place(lead.group()), unit[lead.end() :], None
    return None, unit, None


def _place(prefix: str) -> str | None:
    if not prefix or _DESCRIBED.search(prefix) or not _PLACE.fullmatch(prefix):
        return None
    return prefix


def _same_place(a: str, b: str) -> bool:
    """晋城市 and 市 (a bare level of the same kind), 晋城市城区 and 城区, 晋城 and 晋城市."""
    return a.endswith(b) or b.endswith(a) or a.rstrip(_LEVELS) == b.rstrip(_LEVELS) != ""


def _same_body(a: str, b: str) -> bool:
    if a == b:
        return True
    place_a, body_a, kind_a = _read_unit(a)
    place_b, body_b, kind_b = _read_unit(b)
    same_kind = kind_a == kind_b if kind_a or kind_b else body_a == body_b
    # Of the same kind, the same body only when both say where: 市公安局 and 县公安局 are two
    # bodies, and a bare 公安机关 may be any locality's police (GZ403 then cannot tell).
    return same_kind and place_a is not None and place_b is not None and _same_place(place_a, place_b)


@rule(
    code="GZ403",
    name="self-issued",
    severity=Severity.WARNING,
    summary="索要单位与开具单位是同一个机关",
    source="国办发〔2020〕42号：能通过内部核查获取的信息不再索要证明",
    bad="""
    索要单位: 市卫健委
    开具单位: 晋城市卫生健康委员会
    """,
    good="""
    索要单位: 市卫健委
    开具单位: 医疗机构
    """,
)
def self_issued(ctx: ItemContext) -> Iterator[Finding]:
    """机关向申请人索要自己开具的证明，等于让申请人跑腿替机关传递自己掌握的信息。
    这种情况应改为内部核查（附件5 内部核验单），不需要申请人证明，也不需要承诺。

    比较时把简称和全称视为同一机关（卫健委＝卫生健康委员会，人社局＝人力资源和社会保障局，
    市场监管局＝市场监督管理局，住建局＝住房和城乡建设局，自然资源局＝规划和自然资源局，
    公安局＝公安机关），地名前缀按层级比较（“市司法局”与“晋城市司法局”相同），内设机构不计
    （“市公安局治安管理支队”即市公安局），开具单位写“本机关”“本单位”“受理机关”的也算；
    开具单位与目录所属行政机关相同的同样提示。

    不算同一机关的：同类不同级或不同地的机关（市公安局与县公安局）；只写了类别、没有写明
    哪一级的（“公安机关”“户籍所在地公安机关”，可能是外地的机关）；不同的机构（卫健委与
    医疗机构，教育局与学校，人社局与其下属的社会保险中心）。"""
    item = ctx.item
    requesters = _units(item.requesting_unit)
    if ctx.header:
        requesters += _units(ctx.header.agency)
    for issuer in _units(item.issuing_unit):
        if _SELF.fullmatch(issuer) or any(_same_body(issuer, r) for r in requesters):
            yield Finding(
                f"开具单位“{item.issuing_unit}”就是索要单位本身；本机关掌握的信息应内部核查，不应列为证明事项",
                ("开具单位",),
            )
            return
