"""Catalogue files for the publication tests: a clean one, and versions and variations of it."""

from __future__ import annotations

from pathlib import Path

from .helpers import VALID_ITEM_YAML


def _as_list_entry(item: str) -> str:
    """An item's YAML as an entry of the 证明事项 list."""
    first, *rest = item.strip("\n").splitlines()
    return f"  - {first}\n" + "".join(f"    {line}\n" for line in rest)


# The first item is the valid item the rule tests vary (helpers.VALID_ITEM_YAML).
JUSTICE = (
    """\
# yaml-language-server: $schema=../catalog.schema.json
行政机关: 晋城市司法局
发布日期: 2021-03-31
证明事项:
"""
    + _as_list_entry(VALID_ITEM_YAML)
    + """\
  - 序号: 2
    证明事项: 律师事务所实习证明
    证明用途: 律师执业核准
    设定依据:
      - 名称: 《中华人民共和国律师法》
        文号: 中华人民共和国主席令第七十六号
        条款: 第五条第一款第（三）项
        内容: 申请律师执业，应当具备下列条件：……（三）在律师事务所实习满一年；
    索要单位: 市司法局
    开具单位: 律师协会
    监管措施:
      核查方式: [内部核查, 在线核查]
      核查时限: 受理申请后5个工作日内
      核查标准: 律师协会实习人员管理系统记载的实习期满一年且考核合格
    告知:
      证明内容: 申请人在律师事务所实习满一年，实习考核合格
      承诺方式: 书面承诺
      代为承诺: false
      不实承诺责任:
        - 因不实承诺给他人造成损失的，依法承担民事赔偿责任
        - 撤销律师执业许可，并纳入信用记录
        - 涉嫌犯罪的，移送司法机关依法追究刑事责任
      公开:
        是否公开: true
        公开范围: 晋城市司法局门户网站
        公开时限: 作出决定之日起7个工作日内
    备注: 实习证明由律师协会出具
  - 序号: 3
    证明事项: 经济困难证明
    证明用途: 申请法律援助
    设定依据:
      - 名称: 《中华人民共和国法律援助法》
        文号: 中华人民共和国主席令第九十三号
        条款: 第四十一条第一款
        内容: 因经济困难申请法律援助的，申请人应当如实说明经济困难状况。
      - 名称: 《法律援助条例》
        文号: 国务院令第385号
        条款: 第十七条第一款第（二）项
        内容: 公民申请代理、刑事辩护的法律援助应当提交下列证件、证明材料：……（二）经济困难的证明；
    索要单位: 市法律援助中心
    开具单位: 乡镇人民政府、街道办事处
    监管措施:
      核查方式: [在线核查]
      核查时限: 受理申请后7个工作日内
      核查标准: 民政部门社会救助信息系统记载的低保、特困供养或低收入家庭身份
      日常监管: [信用监管]
    告知:
      证明内容: 申请人家庭人均收入低于晋城市最低生活保障标准的2倍
      承诺方式: 书面承诺
      代为承诺: true
      不实承诺责任:
        - 因不实承诺给他人造成损失的，依法承担民事赔偿责任
        - 终止法律援助，并纳入信用记录
        - 涉嫌犯罪的，移送司法机关依法追究刑事责任
      公开:
        是否公开: false
    适用说明: 不涉及实施方案三所列领域
    备注: |-
      申请人可通过“晋来办”查询办理进度
      受理窗口：市民之家三楼
"""
)


def write(path: Path, text: str = JUSTICE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def with_errors(text: str = JUSTICE) -> str:
    """The catalogue with a ministry order as basis (GZ201) in item 2."""
    return text.replace(
        "        条款: 第五条第一款第（三）项",
        "        条款: 第五条第一款第（三）项\n        效力层级: 部门规章",
    ).replace("证明事项: 律师事务所实习证明", "证明事项: 律师事务所实习证明  # 有错")
