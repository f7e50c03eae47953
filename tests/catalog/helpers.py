"""Building catalogue YAML for tests: a complete valid item, and variations of it."""

from __future__ import annotations

import copy
import io
from typing import Any

from ruamel.yaml import YAML

from gaozhi_cli.catalog.diagnostics import Diagnostic, FileResult
from gaozhi_cli.catalog.validate import validate_text
from gaozhi_cli.config import Settings
from gaozhi_cli.yamldoc import parse

AGENCY = "晋城市司法局"

VALID_ITEM_YAML = """
序号: 1
证明事项: 无犯罪记录证明
证明用途: 律师执业核准
设定依据:
  - 名称: 《中华人民共和国律师法》
    文号: 中华人民共和国主席令第七十六号
    条款: 第七条第（二）项
    内容: 申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的，但过失犯罪的除外；
    效力层级: 法律
索要单位: 市司法局
开具单位: 公安机关
监管措施:
  核查方式: [行政协助核查]
  核查时限: 作出准予执业决定后20个工作日内
  核查标准: 公安机关书面回复申请人无故意犯罪记录
告知:
  证明内容: 申请人未受过刑事处罚（过失犯罪除外）
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
"""


def valid_item(**changes: Any) -> dict[str, Any]:
    """The valid item with top-level keys replaced (``None`` removes a key)."""
    item = copy.deepcopy(parse(VALID_ITEM_YAML).data)
    item = _plain(item)
    for key, value in changes.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = _plain(value)
    return item


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 4096
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def catalog_yaml(*items: dict[str, Any], agency: str = AGENCY, **header: Any) -> str:
    return dump({"行政机关": agency, **header, "证明事项": list(items)})


def check(text: str, settings: Settings | None = None) -> FileResult:
    return validate_text(text, settings, file="目录.yaml")


def codes(result: FileResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def only(result: FileResult, code: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == code]
