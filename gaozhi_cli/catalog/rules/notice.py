"""Rules on the written notice (告知) that the commitment letter of 附件4 prints
(实施方案 四(三)2)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.rules import Finding, ItemContext, rule

E, W = Severity.ERROR, Severity.WARNING
NOTICE = "告知"

# The three kinds of liability of 四(三)2, recognised by what the sentence imposes. The words
# 行政机关, 行政协助 and 行政许可 name a body or a procedure, not a liability, so 行政 alone does
# not count; nor does 依法追究法律责任, which names no kind at all.
LIABILITY_KINDS = {
    "民事": re.compile(
        r"民事(?:赔偿)?(?:法律)?责任|民事赔偿|赔偿|违约责任|侵权责任"
        r"|(?:承担|负担|赔付)[^。；;]{0,15}损失|损失[^。；;]{0,10}承担"
    ),
    "行政": re.compile(
        r"行政(?:法律)?责任|行政处罚|(?<!刑事)处罚|罚款|警告|没收|吊销|撤销|注销"
        r"|终止(?:办理|审批|审查|程序|法律援助|[^。；;]{0,6}资格)"
        r"|停止(?:发放|救助|办理|享受|支付)|不予(?:许可|受理|登记|批准|办理|发放|认定|核准|颁发|发给|报送|备案)"
        r"|驳回|责令|限期(?:改正|整改)|整改"
        r"|信用记录|信用信息|失信|黑名单|联合惩戒|诚信档案|信用(?:中国|平台|档案)"
        r"|内不得(?:再次)?申请|不得再次申请|不再适用告知承诺"
        r"|取消[^，。；;]{0,4}(?:成绩|资格|许可|登记|认定)|成绩无效|宣布无效|收回|追回|行政拘留"
    ),
    "刑事": re.compile(
        r"刑事(?:法律)?责任|刑事处罚|刑罚|涉嫌犯罪|构成犯罪|犯罪的|移送(?:司法|公安|检察)机关"
    ),
}
# What to write, for each kind the liabilities leave out.
LIABILITY_EXAMPLES = {
    "民事": "因不实承诺给他人造成损失的，依法承担民事赔偿责任",
    "行政": "撤销已作出的许可决定，并纳入信用记录",
    "刑事": "涉嫌犯罪的，移送司法机关依法追究刑事责任",
}


@rule(
    code="GZ601",
    name="notice-incomplete",
    severity=W,
    letters_severity=E,
    summary="告知内容缺少实施方案要求的要素",
    source="实施方案 四(三)2：书面告知应当包括事项名称、设定依据、证明内容、承诺方式、"
    "不实承诺可能承担的民事、行政、刑事责任，行政机关核查权力，承诺书是否公开、公开范围及时限",
    bad="""
    告知:
      证明内容: 申请人未受过刑事处罚（过失犯罪除外）
    """,
    good="""
    告知:
      证明内容: 申请人未受过刑事处罚（过失犯罪除外）
      承诺方式: 书面承诺
      代为承诺: false
      不实承诺责任:
        - 依法承担由此造成的民事赔偿责任
        - 撤销律师执业许可，并纳入信用记录
        - 涉嫌犯罪的，移送司法机关依法追究刑事责任
      公开: {是否公开: true, 公开范围: 晋城市司法局门户网站, 公开时限: 作出决定之日起7个工作日内}
    """,
)
def notice_incomplete(ctx: ItemContext) -> Iterator[Finding]:
    """告知承诺书（附件4）由目录生成，告知部分缺什么，打印出来的承诺书就缺什么。
    事项名称和设定依据取自目录本身；“告知”里还要有：证明内容、承诺方式、是否可代为承诺、
    不实承诺责任，以及承诺书是否公开（公开的还要写公开范围和公开时限）。
    平时为警告；用 --profile letters 检查准备打印承诺书的目录时为错误。"""
    notice = ctx.item.notice
    if notice is None:
        yield Finding("缺少“告知”：证明内容、承诺方式、代为承诺、不实承诺责任、公开", (NOTICE,), at="key")
        return
    missing = []
    if not (notice.content or "").strip():
        missing.append("证明内容")
    if not (notice.manner or "").strip():
        missing.append("承诺方式")
    if notice.proxy_allowed is None:
        missing.append("代为承诺（是否可代为承诺）")
    if not notice.liabilities:
        missing.append("不实承诺责任")
    disclosure = notice.disclosure
    if disclosure is None or disclosure.public is None:
        missing.append("公开（承诺书是否公开）")
    elif disclosure.public:
        missing += [
            label
            for label, value in (("公开范围", disclosure.scope), ("公开时限", disclosure.period))
            if not (value or "").strip()
        ]
    if missing:
        yield Finding("告知缺少：" + "、".join(missing), (NOTICE,), at="key")


@rule(
    code="GZ602",
    name="liability-incomplete",
    severity=W,
    letters_severity=E,
    summary="不实承诺责任没有同时写到民事、行政、刑事责任",
    source="实施方案 四(三)2：不实承诺可能承担的民事、行政、刑事责任；四(四) 终止办理、撤销行政决定、"
    "行政处罚、纳入信用记录、移送司法机关",
    bad="""
    告知:
      不实承诺责任:
        - 依法追究法律责任
    """,
    good="""
    告知:
      不实承诺责任:
        - 依法承担由此造成的民事赔偿责任
        - 撤销已作出的许可决定，并纳入信用记录
        - 涉嫌犯罪的，移送司法机关依法追究刑事责任
    """,
)
def liability_incomplete(ctx: ItemContext) -> Iterator[Finding]:
    """“依法追究法律责任”“严肃处理”没有告诉申请人任何东西。实施方案要求写明不实承诺
    可能承担的民事责任（赔偿、承担损失），行政责任（终止办理、不予许可或受理、撤销、吊销、
    注销许可，罚款、警告等行政处罚，责令改正、限期整改，纳入信用记录、列入失信名单，
    一定期限内不得再次申请）和刑事责任（涉嫌犯罪的移送司法机关、追究刑事责任）。
    按意思认定，不看字面：“行政机关”“行政协助”“行政许可”只是机关或程序的名称，
    不是行政责任。"""
    notice = ctx.item.notice
    if notice is None or not notice.liabilities:
        return
    text = "；".join(notice.liabilities)
    missing = [kind for kind, pattern in LIABILITY_KINDS.items() if not pattern.search(text)]
    if missing:
        examples = "；".join(LIABILITY_EXAMPLES[kind] for kind in missing)
        yield Finding(
            "不实承诺责任没有写到" + "、".join(missing) + f"责任；如：{examples}", (NOTICE, "不实承诺责任")
        )
