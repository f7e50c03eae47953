"""File and schema rules. The loader reports these; they live here to be listed and documented."""

from __future__ import annotations

from gaozhi_cli.catalog.diagnostics import Severity
from gaozhi_cli.catalog.rules import rule

E, W = Severity.ERROR, Severity.WARNING


@rule(
    code="GZ001",
    name="yaml-syntax",
    severity=E,
    scope="file",
    summary="文件无法按 YAML 解析",
    source="YAML 1.2 规范；目录文件须可被机器读取",
    bad="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: [无犯罪记录证明
    """,
    good="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
    """,
)
def yaml_syntax() -> None:
    """文件不能解析：缩进错误、括号或引号不闭合、用了 Tab 缩进、含二进制或控制字符、
    别名（&/*）展开过大等。诊断给出出错的行和列。文件解析失败时不再做其他检查。"""


@rule(
    code="GZ002",
    name="unknown-field",
    severity=E,
    scope="file",
    summary="出现目录格式中没有的字段",
    source="附件3 目录表头；gaozhi 目录格式",
    bad="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明名称: 无犯罪记录证明
    """,
    good="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
    """,
)
def unknown_field() -> None:
    """字段名不在目录格式中（多为错别字或沿用旧表头）。未知字段的内容不会被发布，
    所以按错误处理；消息会提示最接近的正确字段名。"""


@rule(
    code="GZ003",
    name="missing-field",
    severity=E,
    scope="file",
    summary="缺少必填字段，或必填字段为空",
    source="附件3：序号、证明事项、证明用途、设定依据、索要单位、开具单位",
    bad="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
        证明用途: ""
    """,
    good="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
        证明用途: 律师执业核准
        设定依据:
          - 名称: 《中华人民共和国律师法》
        索要单位: 市司法局
        开具单位: 公安机关
    """,
)
def missing_field() -> None:
    """附件3 的每一栏都要填写：行政机关名称，以及每个事项的序号、证明事项、证明用途、
    至少一条设定依据（含名称）、索要单位、开具单位。空字符串视同缺少。"""


@rule(
    code="GZ004",
    name="invalid-value",
    severity=E,
    scope="file",
    summary="值的类型不对，或不在可选范围内",
    source="gaozhi 目录格式（gaozhi catalog schema）",
    bad="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 第一
        证明事项: 无犯罪记录证明
        监管措施:
          核查方式: [电话核查]
    """,
    good="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
        监管措施:
          核查方式: [行政协助核查]
    """,
)
def invalid_value() -> None:
    """序号应为正整数；核查方式、日常监管、效力层级只能取规定的值；是否公开、代为承诺
    取 是/否（true/false）；发布日期写作 2021-03-31 或 2021年3月31日。"""


@rule(
    code="GZ005",
    name="duplicate-key",
    severity=E,
    scope="file",
    summary="同一映射里同一个键出现两次",
    source="YAML 1.2 规范 3.2.1.1（映射的键必须唯一）",
    bad="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
        证明事项: 完全民事行为能力证明
    """,
    good="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
      - 序号: 2
        证明事项: 完全民事行为能力证明
    """,
)
def duplicate_key() -> None:
    """重复的键会让后一个值悄悄覆盖前一个，审核人看到的和发布的内容就不一致了。
    同一字段的中文名和英文名同时出现（如“证明事项”和“name”）也算重复。"""


@rule(
    code="GZ006",
    name="unused-suppression",
    severity=W,
    scope="file",
    summary="“忽略”里列出的规则代码不存在或在本事项上没有触发",
    source="gaozhi 约定（同 ruff RUF100）",
    bad="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
        忽略: [GZ999]
    """,
    good="""
    行政机关: 晋城市司法局
    证明事项:
      - 序号: 1
        证明事项: 无犯罪记录证明
    """,
)
def unused_suppression() -> None:
    """“忽略”用来在个别事项上关闭某条规则。写错的代码和已经不再触发的代码会让
    以后真正的问题被漏掉，应当删去。"""


@rule(
    code="GZ007",
    name="not-utf8",
    severity=W,
    scope="file",
    summary="文件不是 UTF-8 编码",
    source="gaozhi 约定：目录文件统一用 UTF-8 保存，便于版本管理和比对",
    bad="（用记事本“ANSI”或 WPS 默认编码保存的 GBK 文件）\n",
    good="（另存为“UTF-8”编码的同一文件）\n",
)
def not_utf8() -> None:
    """文件按 GB18030/GBK（或 UTF-16）读出并照常检查，但不同电脑上打开可能乱码，
    版本比对也会失效。请在编辑器中另存为 UTF-8。带 BOM 的 UTF-8 可以接受。"""


@rule(
    code="GZ008",
    name="file-too-large",
    severity=E,
    scope="file",
    summary="文件超过大小上限，未检查",
    source="gaozhi 约定：一个行政机关的目录通常不足 1 MB",
    bad="（一个 50 MB 的文件）\n",
    good="（按行政机关分开的目录文件，每个远小于 10 MB）\n",
)
def file_too_large() -> None:
    """过大的文件多半是选错了文件（如导出的日志）。上限默认 10 MB，
    可在配置中用 max-file-size 调整。"""
