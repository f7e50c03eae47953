"""fmt's text path (catalog/textfmt.py) against the ruamel.yaml round trip: the same bytes.

``_old`` is fmt by the ruamel round trip alone, as it was before the tidy check and the text
path. ``format_text`` must give exactly what it gives — the same text, the same "changed",
the same refusal — for every input: the shipped catalogues, the examples, the benchmark's
untidy files, the faults liaisons' files have, and random mutations of them. (So both the
tidy check and the text path are held to the round trip here.)
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from gaozhi_cli.catalog.fmt import FormatError, _format_fast, _format_long, canonical_yaml, format_text
from gaozhi_cli.catalog.textfmt import canonical_text
from gaozhi_cli.catalog.tidy import is_tidy
from gaozhi_cli.yamldoc import PMap, PSeq, parse

from .catalogs import write

REPO = Path(__file__).parents[2]
SHIPPED = sorted((REPO / "catalogs").glob("*.yaml"))
EXAMPLES = sorted(p for p in (REPO / "examples").rglob("*.y*ml"))


def _old(text: str) -> tuple[str, bool] | str:
    """fmt by the round trip alone: no tidy check, no text path."""
    try:
        if parse(text).problems:
            return format_text(text).text  # raises the same refusal either way
        result = _format_long(text, None)
        return result.text, result.changed
    except FormatError as exc:
        return exc.message


def _new(text: str) -> tuple[str, bool] | str:
    try:
        result = format_text(text)
        return result.text, result.changed
    except FormatError as exc:
        return exc.message


def _fast(text: str) -> bool:
    """The text path decides this file (it is not tidy, and no round trip runs)."""
    doc = parse(text)
    return not is_tidy(text, doc.data) and _format_fast(text, doc.data) is not None


def _positions(node: object, lines: list[str]) -> object:
    """Where each block mapping, list, key and item sits (flow collections and scalars: None)."""
    if isinstance(node, PMap | PSeq) and node and lines[node.pos.line - 1][node.pos.column - 1] not in "[{":
        if isinstance(node, PMap):
            return node.pos, [(k, node.key_pos[k], _positions(v, lines)) for k, v in node.items()]
        return node.pos, [(p, _positions(v, lines)) for p, v in zip(node.item_pos, node, strict=True)]
    return None


def _check_tree(text: str) -> None:
    """The positions the text path gives fmt's key mover are those of its text parsed again."""
    canonical = canonical_text(text, parse(text).data)
    if canonical is not None and canonical.tree is not None:
        lines = canonical.text.split("\n")
        assert _positions(canonical.tree, lines) == _positions(parse(canonical.text).data, lines)


def _head(text: str, items: int = 2) -> str:
    """The catalogue's fields and its first ``items`` items: round trips of it stay cheap."""
    starts = [m.start() for m in re.finditer(r"^  - 序号:", text, re.M)]
    return text if len(starts) <= items else text[: starts[items]]


BASES = [_head(p.read_text("utf-8")) for p in SHIPPED]


@pytest.mark.parametrize("path", SHIPPED + EXAMPLES, ids=lambda p: str(p.relative_to(REPO)))
def test_shipped_files_and_examples(path: Path) -> None:
    text = path.read_text("utf-8")
    assert _new(text) == _old(text)


def test_the_benchmarks_untidy_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    from bench_publish import untidy
    from bench_validate import generate

    generate(tmp_path, 2, 20)
    for path in sorted(tmp_path.glob("*.yaml")):
        tidy = format_text(path.read_text("utf-8")).text
        messy = untidy(tidy)
        assert messy != tidy and _fast(messy)
        assert _new(messy) == _old(messy) == (tidy, True)
    sys.modules.pop("bench_publish", None)


def _reindent(text: str, mapping: int, sequence: int, offset: int) -> str:
    yaml = canonical_yaml()
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


JUSTICE = BASES[[p.name for p in SHIPPED].index("justice.yaml")]


# Faults of real files that the text path handles: each must be decided there, and equal.
@pytest.mark.parametrize(
    "messy",
    [
        JUSTICE.replace("序号: 2", "序号: 5"),
        JUSTICE.replace("序号: 2", "序号: '2'"),
        JUSTICE.replace("序号: 1", "序号:"),
        JUSTICE.replace("  - 序号: 1\n    ", "  - "),  # no 序号 at all
        re.sub(r"^  - (序号: \d+\n)    (证明事项: .*\n)", r"  - \2    \1", JUSTICE, flags=re.M),
        _reindent(JUSTICE, 4, 4, 2),
        _reindent(JUSTICE, 2, 2, 0),  # the dash at the key's column
        _reindent(JUSTICE, 4, 6, 4),
        JUSTICE.replace("\n", "   \n"),  # trailing spaces
        JUSTICE.replace(": ", ":    "),
        JUSTICE.replace("\n", "\r\n"),
        JUSTICE.replace("\n  - 序号: 2", "\n   \n  - 序号: 2"),  # a blank line with spaces
        JUSTICE.replace("\n  - 序号: 2", "\n      # 第二项\n# 顶格的注释\n  - 序号: 3"),
        JUSTICE.rstrip("\n"),  # no newline at the end
        re.sub(
            r"公开:\n +是否公开: (\w+)\n +公开范围: (.+)\n +公开时限: (.+)\n",
            r"公开: {公开时限: \3, 公开范围: \2,是否公开:  \1}\n",
            JUSTICE,
        ),
        JUSTICE.replace("[行政协助核查]", "[ 行政协助核查 ]").replace("序号: 1", "序号: 0"),
        _reindent(JUSTICE, 4, 4, 2)
        .replace("证明用途: 律师执业核准", "证明用途: '律师执业核准'", 1)
        .replace("证明事项: 律师事务所", '证明事项: "律师事务所', 1)
        .replace("实习证明\n", '实习证明"\n', 1)
        .replace("名称: 《中华人民共和国律师法》", "名称: '《律师法》''s'", 1),
        _reindent(JUSTICE, 4, 4, 2)
        .replace("序号: 1", "序号: 1  # 第一项")
        .replace("代为承诺: false", "代为承诺: false # 本人")
        .replace("核查方式: [", "核查方式:    [")
        .replace("]\n", "]                              # 方式\n", 1)
        .replace("证明事项:\n", "证明事项:   # 全部\n", 1),
        JUSTICE.replace("序号: 2", "序号: 3")
        .replace("证明用途: 律师执业核准\n", "证明用途: '律师执业核准'\n   \n", 1)
        .replace("核查方式: [行政协助核查]\n", "核查方式: [行政协助核查]\n  \n", 1)
        .replace("代为承诺: false\n", "代为承诺: false  # 本人\n    \n", 1)
        .replace("序号: 1\n", "序号: 1\n  \n", 1),
    ],
    ids=[
        "numbering",
        "quoted 序号",
        "empty 序号",
        "no 序号",
        "key order",
        "indent 4",
        "dash at column 0",
        "indent 4 dash 6",
        "trailing spaces",
        "spaces after colon",
        "CRLF",
        "blank line of spaces",
        "comments",
        "no final newline",
        "flow mapping order",
        "flow spacing",
        "quoted values",
        "end-of-line comments",
        "lines of spaces after quotes, flow lists, comments and plain values",
    ],
)
def test_common_faults_are_fixed_on_the_text(messy: str) -> None:
    assert not parse(messy).problems
    assert _fast(messy)
    _check_tree(messy)
    assert _new(messy) == _old(messy)
    assert _new(messy)[1]  # type: ignore[index]


@pytest.mark.parametrize(
    "messy",
    [
        JUSTICE.replace("序号: 2", "序号: 5").replace(
            "证明用途: 律师执业核准", '证明用途: "律师\\u6267业核准"'
        ),
        JUSTICE.replace("序号: 2", "序号: 5").replace(
            "证明用途: 律师执业核准", "证明用途: 律师执业核准  # &用途"
        ),
        JUSTICE.replace("序号: 2", "序号: 5").replace("\n", "\t\n", 3),
        "\ufeff" + JUSTICE.replace("序号: 2", "序号: 5"),
        JUSTICE.replace("序号: 2", "序号: 5").replace(
            "证明用途: 律师执业核准", "证明用途: |\n      律师执业核准"
        ),
    ],
    ids=["escape", "end-of-line comment with an indicator", "tab", "BOM", "block scalar"],
)
def test_other_files_take_the_round_trip(messy: str) -> None:
    if not parse(messy).problems:
        assert not _fast(messy)
    assert _new(messy) == _old(messy)


def test_fmt_writes_what_the_round_trip_writes(gaozhi, tmp_path: Path) -> None:
    messy = _reindent(JUSTICE, 4, 4, 2).replace("序号: 2", "序号: 9")
    path = write(tmp_path / "m.yaml", messy)
    assert gaozhi("catalog", "fmt", "--check", path).exit_code == 1
    assert gaozhi("catalog", "fmt", path).exit_code == 0
    assert path.read_text("utf-8") == _old(messy)[0]  # type: ignore[index]
    assert gaozhi("catalog", "fmt", "--check", path).exit_code == 0


# -- random mutations of tidy files --------------------------------------------------------------

_KEY_LINE = re.compile(r"^( *)(- )?([^\s#\-][^:#]*):")


def _key_column(line: str) -> int | None:
    m = _KEY_LINE.match(line)
    return None if m is None else len(m.group(1)) + len(m.group(2) or "")


def _swap_blocks(lines: list[str], k: int) -> None:
    """Swap the key at line ``k`` (with the lines under it) with its next sibling."""
    column = _key_column(lines[k])
    if column is None:
        return

    def end(start: int) -> int:
        i = start + 1
        while i < len(lines):
            c = _key_column(lines[i])
            stripped = lines[i].strip()
            if (
                stripped
                and not stripped.startswith("#")
                and (c is None or c <= column)
                and not (stripped.startswith("- ") and len(lines[i]) - len(lines[i].lstrip()) >= column)
            ):
                break
            i += 1
        return i

    j = end(k)
    if j >= len(lines) or _key_column(lines[j]) != column or lines[j].lstrip().startswith("- "):
        return
    first, second = lines[k:j], lines[j : end(j)]
    if lines[k].lstrip().startswith("- "):  # the dash goes to the new first key
        dash = lines[k][:column]
        first[0] = " " * column + first[0][column:]
        second[0] = dash + second[0][column:]
    lines[k : k + len(first) + len(second)] = second + first


# How a mutated file may end (or begin): each a change of the whole text.
ENDINGS: dict[str, Callable[[str], str]] = {
    "": lambda text: text,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "strip": lambda text: text.rstrip("\n"),
    "bom": lambda text: "\ufeff" + text,
    "spaces": lambda text: text + "  ",
    "start": lambda text: "---\n" + text,  # a document start marker
    "two": lambda text: text + "---\na: 1\n",  # a second document
    "end": lambda text: text + "...\n",  # a document end marker
}


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(BASES))
    if draw(st.booleans()):
        sequence = draw(st.sampled_from([2, 4, 6]))
        text = _reindent(
            text, draw(st.sampled_from([2, 3, 4])), sequence, draw(st.sampled_from([0, sequence - 2]))
        )
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 5))):
        n = draw(st.integers(0, len(lines) - 1))
        line = lines[n]
        kind = draw(
            st.sampled_from(
                ["序号", "swap", "comment", "blank", "quote", "block", "spaces", "flow", "char", "eol"]
            )
        )
        if kind == "序号" and draw(st.booleans()):  # an item without 序号
            joined = re.sub(r"^( *- )序号:[^\n]*\n *", r"\1", "\n".join(lines), count=1, flags=re.M)
            lines[:] = joined.split("\n")
        elif kind == "序号":
            seq = [i for i, x in enumerate(lines) if "序号:" in x]
            if seq:
                i = draw(st.sampled_from(seq))
                value = draw(st.sampled_from(["0", "7", "'3'", '"1"', "", "一", "1.0", "true", "~"]))
                lines[i] = re.sub(r"序号:.*", f"序号: {value}".rstrip(), lines[i])
        elif kind == "swap":
            _swap_blocks(lines, n)
        elif kind == "comment":
            indent = " " * draw(st.integers(0, 8))
            lines.insert(n, indent + draw(st.sampled_from(["# 注释", "#", "# 注释  ", "#: x"])))
        elif kind == "blank":
            lines.insert(n, draw(st.sampled_from(["", "  ", "\t"])))
        elif kind == "quote" and ": " in line:
            key, _, value = line.partition(": ")
            q = draw(st.sampled_from(["'", '"']))
            lines[n] = f"{key}: {q}{value}{q}"
        elif kind == "block" and ": " in line and not line.rstrip().endswith(":"):
            key, _, value = line.partition(": ")
            indent = " " * (len(key) - len(key.lstrip(" -")) + 2)
            lines[n] = f"{key}: {draw(st.sampled_from(['|', '>-', '|+']))}\n{indent}{value}"
        elif kind == "spaces":
            lines[n] = line.replace(": ", ":" + " " * draw(st.integers(2, 4)), 1) + " " * draw(
                st.integers(0, 3)
            )
        elif kind == "flow" and ", " in line:
            lines[n] = line.replace(", ", draw(st.sampled_from([",", " , ", ",  "])), 1)
        elif kind == "eol" and line.strip():
            lines[n] = line + draw(st.sampled_from(["  # 说明", " #", "\t"]))
        elif kind == "char":
            at = draw(st.integers(0, max(0, len(line) - 1)))
            char = draw(st.sampled_from([*" '\"#:-0y~&*!|>{}[],\t", "  ", "1.5", "null", "\ufeff"]))
            lines[n] = (
                line[:at] + char + line[at + 1 :] if draw(st.booleans()) else line[:at] + char + line[at:]
            )
    return ENDINGS[draw(st.sampled_from(["", "crlf", "strip", "bom", "spaces"]))]("\n".join(lines))


# no shrinking: a failure prints the whole file, and shrinking it takes minutes
@settings(
    max_examples=200,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_mutated())
def test_mutated_files_give_what_the_round_trip_gives(text: str) -> None:
    assume(not parse(text).problems)
    assert _new(text) == _old(text), text
    _check_tree(text)


def test_the_mutations_reach_the_text_path() -> None:
    """The mutations above are ones the text path decides, not only ones it hands on."""
    swapped = JUSTICE.split("\n")
    _swap_blocks(swapped, next(i for i, x in enumerate(swapped) if x.startswith("  - 序号:")))
    text = "\n".join(swapped)
    assert text != JUSTICE and _fast(text) and _new(text) == _old(text)
