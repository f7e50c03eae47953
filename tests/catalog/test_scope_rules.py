"""GZ401 excluded domains, GZ402 certificates committees must not issue, GZ403 self-issued."""

from __future__ import annotations

import pytest

from gaozhi_cli.config import Settings

from .helpers import catalog_yaml, check, codes, only, valid_item

# -- GZ401 excluded domains ------------------------------------------------------------------------


def _domain(**changes: object) -> list[str]:
    return [d.message for d in only(check(catalog_yaml(valid_item(**changes))), "GZ401")]


def test_excluded_domain_names_domain_and_keyword() -> None:
    item = valid_item(证明事项="烟花爆竹零售经营场所证明", 证明用途="烟花爆竹经营（零售）许可")
    (d,) = only(check(catalog_yaml(item)), "GZ401")
    assert "公共安全" in d.message and "烟花爆竹" in d.message and d.severity.value == "warning"
    assert d.field == "证明事项"


def test_excluded_domain_found_in_the_basis_title() -> None:
    bases = [
        {"名称": "《危险化学品安全管理条例》", "文号": "国务院令第591号", "条款": "第三十四条", "内容": "……"}
    ]
    (d,) = only(check(catalog_yaml(valid_item(设定依据=bases))), "GZ401")
    assert d.field == "设定依据[1].名称"


@pytest.mark.parametrize(
    ("purpose", "domain", "word"),
    [
        ("外国人来华工作许可", "重要涉外", "外国人"),  # 北京 applied a commitment here: a judgment of degree
        ("境外非政府组织代表机构登记", "重要涉外", "境外非政府组织"),
        ("高致病性病原微生物菌（毒）种或样本运输审批", "人身健康", "病原微生物"),
        ("职业卫生技术服务机构资质认可", "人身健康", "职业卫生"),
        ("药品经营许可", "人身健康", "药品"),
        ("第二类医疗器械经营备案", "人身健康", "医疗器械"),
        ("单采血浆站设置审批", "人身健康", "血浆"),
        ("排污许可证核发", "生态环境保护", "排污"),
        ("危险废物经营许可", "生态环境保护", "危险废物"),
        ("林木采伐许可证核发", "生态环境保护", "林木采伐"),
        ("融资担保公司设立", "金融业审慎监管", "融资担保"),
        ("商业银行设立审批", "金融业审慎监管", "商业银行"),
        ("保险公司分支机构设立", "金融业审慎监管", "保险公司"),
        ("证券公司董事、监事和高级管理人员任职资格", "金融业审慎监管", "证券公司"),
        ("农村中小金融机构高级管理人员任职资格核准", "金融业审慎监管", "金融机构"),
        ("特种设备作业人员资格认定", "公共安全", "特种设备"),
        ("大型游乐设施安装许可", "公共安全", "游乐设施"),
        ("民用爆炸物品销售许可", "公共安全", "民用爆炸物品"),
        ("煤矿安全生产许可证核发", "公共安全", "安全生产许可"),
        ("燃气经营许可", "生命财产安全", "燃气经营"),
        ("校车使用许可", "生命财产安全", "校车"),
        ("涉密信息系统集成资质认定", "国家秘密", "涉密"),
        ("军事设施保护区内建设审批", "国家安全", "军事设施"),
    ],
)
def test_each_domain_is_recognised(purpose: str, domain: str, word: str) -> None:
    (message,) = _domain(证明用途=purpose)
    assert f"“{domain}”" in message and f"“{word}”" in message


def test_an_excluded_kind_of_goods_is_not_the_domain() -> None:
    # 不含危险货物: the item says it is outside the domain; 非药品类 still names 易制毒化学品.
    assert _domain(证明用途="普通货物（不含危险货物）道路运输经营许可") == []
    (message,) = _domain(证明用途="非药品类易制毒化学品经营备案")
    assert "“易制毒”" in message


@pytest.mark.parametrize(
    ("name", "purpose"),
    [
        # a citizen's own passport or travel permit is ordinary service, not 重要涉外 (real rows C, E)
        ("未成年监护关系证明", "未成年人办理出入境证件"),
        ("单位同意办理出入境证件的函", "申办普通护照、往来港澳通行证、往来台湾通行证等因私出国（境）证件"),
        # 健康体检 is one of the priority areas of 42号 (R05), not an excluded one
        ("健康证明", "食品从业人员健康体检"),
        ("卫生部门出具的血型证明", "变更户口登记血型"),
        # a fire that happened is not fire safety (catalogs/civil-affairs.yaml 序号 9)
        ("意外事件证明（火灾事故认定书、道路交通事故认定书）", "临时救助申请"),
        ("初中以上学历证明", "保安员证核发"),
        ("与用人单位存在劳动关系的证明材料", "工伤认定申请"),
        ("居民死亡医学证明", "死亡注销户口"),
        # a bank account or an insurance policy of the applicant is no financial institution
        ("银行账户信息", "最低生活保障申请"),
        ("商业保险缴费证明", "医疗救助申请"),
    ],
)
def test_ordinary_items_are_not_in_an_excluded_domain(name: str, purpose: str) -> None:
    assert _domain(证明事项=name, 证明用途=purpose) == []


def test_agency_and_units_are_not_read_for_domains() -> None:
    item = valid_item(索要单位="市卫生健康委员会", 开具单位="市生态环境局")
    assert "GZ401" not in codes(check(catalog_yaml(item, agency="晋城市卫生健康委员会")))


def test_one_finding_per_item() -> None:
    assert len(_domain(证明事项="危险化学品经营场所证明", 证明用途="烟花爆竹经营许可")) == 1


def test_applicability_note_answers_the_excluded_domain() -> None:
    item = valid_item(证明事项="烟花爆竹零售经营场所证明", 适用说明="仅替代场所权属证明，安全条件仍现场核查")
    assert "GZ401" not in codes(check(catalog_yaml(item)))


def test_extra_domain_keywords_from_settings() -> None:
    item = valid_item(证明用途="玻璃栈道运营")
    assert "GZ401" not in codes(check(catalog_yaml(item)))
    settings = Settings(**{"extend-domain-keywords": {"生命财产安全": ["玻璃栈道"]}})
    (d,) = only(check(catalog_yaml(item), settings), "GZ401")
    assert "“生命财产安全”" in d.message and "“玻璃栈道”" in d.message


# -- GZ402 committees ------------------------------------------------------------------------------


def _committee(name: str, issuer: str, purpose: str = "律师执业核准") -> list[str]:
    item = valid_item(证明事项=name, 开具单位=issuer, 证明用途=purpose)
    found = only(check(catalog_yaml(item)), "GZ402")
    assert all(d.field == "开具单位" and "民发〔2020〕20号" in d.message for d in found)
    return [d.message for d in found]


@pytest.mark.parametrize(
    ("name", "issuer", "kind"),
    [
        ("婚姻状况证明", "村民委员会", "婚姻状况证明"),
        ("居民死亡证明", "社区居委会", "死亡证明"),
        ("市场主体住所证明", "村（居）委会", "市场主体住所证明"),
        ("证件遗失证明", "居委会", "证件遗失证明"),
        ("无犯罪记录证明", "村委会", "无犯罪记录证明"),
        # the usual synonyms
        ("父母子女关系证明", "村(居)委会", "亲属关系证明"),
        ("夫妻关系证明", "社区居民委员会", "亲属关系证明"),
        ("赡养关系证明", "村居委会", "亲属关系证明"),
        ("与死者的关系证明", "户籍所在地村（居）民委员会", "亲属关系证明"),
        ("伤残证明", "所在社区", "残疾状况证明"),
        ("未婚证明", "村委会", "婚姻状况证明"),
        ("离异证明", "居委会", "婚姻状况证明"),
        ("丧偶证明", "村民委员会", "婚姻状况证明"),
        ("单身证明", "居民委员会", "婚姻状况证明"),
        ("独生子女证明", "居委会", "婚育状况证明"),
        ("计划生育情况证明", "村委会", "婚育状况证明"),
        ("生育状况证明", "村委会", "婚育状况证明"),
        ("在世证明", "村委会", "健在证明"),
        ("生存证明", "社区居委会", "健在证明"),
        ("去世证明", "嘎查村民委员会", "死亡证明"),
        ("身故证明", "嘎查委员会", "死亡证明"),
        ("失业证明", "社区", "居民就业状况证明"),
        ("无业证明", "居委会", "居民就业状况证明"),
        ("待业证明", "居委会", "居民就业状况证明"),
        ("未就业证明", "村委会", "居民就业状况证明"),
        ("房产证明", "村委会", "居民财产证明"),
        ("存款证明", "社区居委会", "居民财产证明"),
        ("企业登记住所场地证明", "村民委员会", "市场主体住所证明"),  # 十堰 (real row E)
        ("个体工商户经营场所证明", "村委会", "市场主体住所证明"),
        ("身份证丢失证明", "居委会", "证件遗失证明"),
        ("户籍信息更正证明", "村委会", "户口登记项目内容变更申请证明"),
        ("违法犯罪记录证明", "村（社区）", "无犯罪记录证明"),
        ("无吸毒记录证明", "社区居委会", "社区戒毒社区康复人员情况证明"),
        ("身份信息证明", "社区居委会", "居民身份信息证明"),
        ("同一人证明", "村委会", "居民身份信息证明"),
        ("患病证明", "村委会", "疾病状况证明"),
        ("下落不明证明", "村委会", "人员失踪证明"),
        ("养犬证明", "居委会", "居民养犬证明"),
        ("出生证明", "村委会", "出生证明"),
        ("继承权证明", "村委会", "遗产继承权证明"),
        ("个人档案证明", "居委会", "居民个人档案证明"),
    ],
)
def test_committee_must_not_issue(name: str, issuer: str, kind: str) -> None:
    (message,) = _committee(name, issuer)
    assert f"“{kind}”" in message


def test_message_names_the_word_when_it_is_a_synonym() -> None:
    (message,) = _committee("未婚证明", "村委会")
    assert "“未婚”" in message and "“婚姻状况证明”" in message
    # the exact name keeps the plain message (quoted in README)
    assert _committee("婚姻状况证明", "申请人户籍所在地村民委员会") == [
        "村（居）委会不应出具“婚姻状况证明”（民发〔2020〕20号）；请改为部门核查或由法定机关出具"
    ]


@pytest.mark.parametrize(
    "issuer",
    [
        "村民委员会",
        "户籍所在地村（居）民委员会",
        "所在社区",
        "嘉和社区",
        "申请人所在村",
        "村、社区",
        "村 委 会",
        "ＸＸ村民委员会",
        "村(居)委会",
        "村（社区）",
        "社区居民委员会",
        "街道办事处或社区居委会",
        "村两委",
        "XX嘎查",
    ],
)
def test_committee_in_any_spelling(issuer: str) -> None:
    assert _committee("死亡证明", issuer)


@pytest.mark.parametrize(
    "issuer",
    [
        "社区卫生服务中心",
        "社区矫正机构",
        "社区戒毒康复办公室",
        "街道办事处",
        "乡镇人民政府",
        "乡镇人民政府、街道办事处",
        "公安机关",
        "医疗卫生机构",
        "农村信用社",
        "村卫生室",
    ],
)
def test_other_bodies_may_issue(issuer: str) -> None:
    assert _committee("死亡证明", issuer) == []


@pytest.mark.parametrize(
    ("name", "purpose"),
    [
        ("居住证明", "居住证申领"),
        ("居住地住址证明", "居住证申领"),  # a person's address is not a 市场主体住所
        ("经济困难证明", "申请法律援助"),  # income and hardship are not 居民财产 (民发 lists assets)
        ("与用人单位存在劳动关系的证明", "工伤认定申请"),  # 劳动关系 is not kinship
        ("未成年监护关系证明", "未成年人办理出入境证件"),  # 监护 is not one of the 20
    ],
)
def test_certificates_not_on_the_list_are_fine(name: str, purpose: str) -> None:
    assert _committee(name, "村民委员会", purpose) == []


def test_committee_kinship_for_notarisation_only_is_allowed() -> None:
    assert _committee("亲属关系证明", "村民委员会", "办理继承公证") == []
    assert _committee("父母子女关系证明", "村委会", "办理赴港定居公证") == []
    # the exception is for kinship only
    assert _committee("婚姻状况证明", "村民委员会", "办理继承公证")


def test_one_finding_per_item_naming_the_first_kind() -> None:
    (message,) = _committee("未婚及无犯罪记录证明", "村委会")
    assert "无犯罪记录证明" in message


# -- GZ403 self-issued -----------------------------------------------------------------------------


def _self(requester: str, issuer: str, agency: str = "晋城市司法局") -> bool:
    item = valid_item(索要单位=requester, 开具单位=issuer)
    return "GZ403" in codes(check(catalog_yaml(item, agency=agency)))


@pytest.mark.parametrize(
    ("requester", "issuer"),
    [
        ("市司法局", "市司法局"),
        ("市司法局", "晋城市司法局"),
        ("市司法局", "本机关"),
        ("市司法局", "本单位"),
        ("市司法局", "受理机关"),
        ("市卫健委", "晋城市卫生健康委员会"),
        ("市人社局", "市人力资源和社会保障局"),
        ("县市场监管局", "县市场监督管理局"),
        ("市市场监督管理局", "晋城市市场监管局"),
        ("市住建局", "晋城市住房和城乡建设局"),
        ("市自然资源局", "市规划和自然资源局"),
        ("市公安局治安管理支队", "市公安局"),
        ("市公安局", "市公安机关"),
        ("市民政局（收养登记机关）", "市民政局"),
        ("市司法局", "市司法局或公安机关"),
        ("泽州县司法局", "泽州县司法行政部门"),
        # a kind of body not in the table: the same name after the same place
        ("市法律援助中心", "晋城市法律援助中心"),
    ],
)
def test_self_issued(requester: str, issuer: str) -> None:
    assert _self(requester, issuer, agency="晋城市某局")


def test_issued_by_the_catalogue_agency_itself() -> None:
    assert _self("市法律援助中心", "晋城市司法局", agency="晋城市司法局")
    assert _self("市社会保险中心", "市人社局", agency="晋城市人力资源和社会保障局")


@pytest.mark.parametrize(
    ("requester", "issuer"),
    [
        ("市公安局", "县公安局"),  # same kind, another level: a different body
        ("泽州县司法局", "阳城县司法局"),
        ("山西省司法厅", "晋城市司法局"),
        ("市卫健委", "医疗机构"),
        ("市卫健委", "医疗卫生机构（居民死亡医学证明书）"),
        ("市教育局", "毕业学校"),
        ("市司法局", "公安机关"),
        ("市司法局", "律师协会"),
        ("市市场监督管理局", "不动产登记机构（自有房屋）或房屋出租人（租赁房屋）"),
        # a bare kind names no body: it may be another city's (see the rule's explanation)
        ("市公安局", "公安机关"),
        ("市司法局", "司法行政机关"),
        ("市社会保险中心", "市人力资源和社会保障局"),  # a centre under the bureau is its own body
        ("市公共就业服务中心", "原用人单位"),
        ("乡镇人民政府、街道办事处", "家庭成员所在工作单位"),
        ("县人民医院", "市人民医院"),
        ("市公安局", "户籍所在地县公安局"),  # described, not named: any county's police
    ],
)
def test_different_bodies(requester: str, issuer: str) -> None:
    assert not _self(requester, issuer, agency="晋城市某局")


def test_self_issued_message_names_the_body() -> None:
    item = valid_item(索要单位="市卫健委", 开具单位="晋城市卫生健康委员会")
    (d,) = only(check(catalog_yaml(item)), "GZ403")
    assert d.field == "开具单位" and "“晋城市卫生健康委员会”" in d.message and "内部核查" in d.message
