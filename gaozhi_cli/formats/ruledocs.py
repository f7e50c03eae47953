"""Rule documentation, generated from the registry: terminal table, detail page, JSON, Markdown.

docs/rules.md is ``gaozhi catalog rules --format markdown``; a test keeps it in sync.
"""

from __future__ import annotations

from collections.abc import Iterable

from gaozhi_cli.catalog.rules import Rule
from gaozhi_cli.formats import jsontext

_SCOPE = {"file": "文件", "catalog": "目录", "item": "事项"}


def _severity(rule: Rule) -> str:
    text = rule.severity.label
    if rule.letters_severity and rule.letters_severity is not rule.severity:
        text += f"（--profile letters 时为{rule.letters_severity.label}）"
    return text


def _example_note(rule: Rule) -> str:
    return "（只列出与本规则有关的字段）" if rule.scope == "item" else ""


def print_table(rules: Iterable[Rule]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="gaozhi 目录校验规则", show_lines=False, header_style="bold")
    for column in ("代码", "名称", "级别", "检查什么"):
        table.add_column(column, overflow="fold")
    for r in rules:
        table.add_row(r.code, r.name, _severity(r), r.summary)
    console = Console(highlight=False)
    console.print(table)
    console.print("用 gaozhi catalog rules 代码 查看一条规则的详细说明和示例。", style="dim")


def print_rule(rule: Rule) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    Console(highlight=False).print(Markdown(rule_markdown(rule)))


def rule_markdown(rule: Rule) -> str:
    lang = "yaml" if not rule.bad.startswith("（") else "text"
    return (
        f"## {rule.code} {rule.name}\n\n"
        f"**{rule.summary}**\n\n"
        f"- 级别：{_severity(rule)}\n"
        f"- 范围：{_SCOPE[rule.scope]}\n"
        f"- 依据：{rule.source}\n\n"
        f"{rule.explanation}\n\n"
        f"不通过的写法{_example_note(rule)}：\n\n```{lang}\n{rule.bad}```\n\n"
        f"通过的写法：\n\n```{lang}\n{rule.good}```\n"
    )


def rules_markdown(rules: Iterable[Rule]) -> str:
    rules = list(rules)
    lines = [
        "# gaozhi 目录校验规则",
        "",
        "本文件由 `gaozhi catalog rules --format markdown` 生成，请勿手工修改。",
        "",
        "| 代码 | 名称 | 级别 | 检查什么 |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.code} | {r.name} | {_severity(r)} | {r.summary} |" for r in rules]
    body = "\n".join(rule_markdown(r) for r in rules)
    return "\n".join(lines) + "\n\n" + body


def rules_json(rules: Iterable[Rule]) -> str:
    data = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "letters_severity": r.letters_severity.value if r.letters_severity else None,
            "scope": r.scope,
            "summary": r.summary,
            "source": r.source,
            "explanation": r.explanation,
            "bad_example": r.bad,
            "good_example": r.good,
        }
        for r in rules
    ]
    return jsontext.dumps(data) + "\n"
