"""Benchmark: `gaozhi catalog validate` on a city's worth of catalogues, against what a user
would pick instead, in the same run.

Generates 60 agency files with 3,000 items in all (Chinese keys, comments, nested bases and
notices) with findings planted at known places, then runs, each in a fresh process, repeated:

- gaozhi: the real command with every rule on, the statute-book checks (GZ2xx) included, on
  both cores as a user gets it (and on one process, ``-j 1``, for a like-for-like figure);
- check-jsonschema with the shipped JSON Schema (catalogs/catalog.schema.json): the schema
  part only, on one process, as a project would wire it into CI;
- the libyaml compose floor: PyYAML's C loader composing every file into nodes (with
  positions) and nothing else, on one process: what any position-keeping YAML linter pays.

Before any time is printed, the outputs are checked: gaozhi's JSON findings per rule code
must equal what the generator planted, and check-jsonschema must report exactly the planted
schema faults; the floor must compose every item. Then one small file is timed end to end.
The start-up floor of the stack (Python, Typer, rich, pydantic imported) is
timed beside it. Each run's CPU seconds (user + sys, workers included) are printed beside its wall seconds.

Targets (issue 14): 3,000 items in 60 files ≤ 1.0 s end to end; ≥ 3× check-jsonschema; one
small file ≤ 0.3 s.

    python benchmarks/bench_validate.py [--files 60] [--items 3000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
from collections import Counter
from pathlib import Path

from timing import REPO, Run, load_average, median, run, spread, tool, verdict

SCHEMA = REPO / "catalogs" / "catalog.schema.json"

AGENCIES = [
    "司法局",
    "人力资源和社会保障局",
    "市场监督管理局",
    "公安局",
    "民政局",
    "教育局",
    "卫生健康委员会",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "文化和旅游局",
    "退役军人事务局",
]
# (名称, 文号, 条款, 内容, 效力层级): real citations with their text as the statute book has it,
# and the codes each raises by itself: a ministry rule may not create a proof (GZ201), and
# 危险化学品 is a public-safety field (GZ401); the book does not hold that rule, so a wrong quote
# of it cannot be caught (GZ210 only for the others).
LAWS = [
    (
        "《中华人民共和国律师法》",
        "中华人民共和国主席令第七十六号",
        "第七条第（二）项",
        "申请人有下列情形之一的，不予颁发律师执业证书：……（二）受过刑事处罚的，但过失犯罪的除外；",
        "法律",
    ),
    (
        "《工伤保险条例》",
        "中华人民共和国国务院令第586号",
        "第十八条第一款第（二）项",
        "提出工伤认定申请应当提交下列材料：……(二)与用人单位存在劳动关系(包括事实劳动关系)的证明材料；",
        "行政法规",
    ),
    (
        "《中华人民共和国社会保险法》",
        "中华人民共和国主席令第三十五号",
        "第五十条第一款",
        "用人单位应当及时为失业人员出具终止或者解除劳动关系的证明",
        "法律",
    ),
    (
        "《社会团体登记管理条例》",
        "中华人民共和国国务院令第250号",
        "第十一条第（三）项",
        "申请登记社会团体，发起人应当向登记管理机关提交下列文件：……(三)验资报告、场所使用权证明；",
        "行政法规",
    ),
    (
        "《危险化学品经营许可证管理办法》",
        "国家安全生产监督管理总局令第55号",
        "第十四条",
        "申请人应当提交下列文件、资料",
        "部门规章",
    ),
]
WRONG_QUOTE = "申请人应当提交与本事项有关的证明材料"


RESOLVED = "bases found in the book"  # not a code: the bases the book must resolve


def item_yaml(seq: int, rng: random.Random, planted: Counter[str]) -> str:
    """One item; ``planted`` counts the findings it carries, by rule code (and RESOLVED)."""
    title, number, article, text, level = rng.choice(LAWS)
    if level == "部门规章":
        planted.update(("GZ201", "GZ401"))
    else:
        planted[RESOLVED] += 1
    if rng.random() < 0.02:
        text = WRONG_QUOTE
        planted["GZ210"] += level != "部门规章"
    vague = ""
    if rng.random() < 0.05:
        vague = "，以及其他相关材料"
        planted["GZ301"] += 1
    limit = f"作出决定后{rng.randint(5, 30)}个工作日内"
    if rng.random() < 0.03:
        limit = "及时"
        planted["GZ502"] += 1
    # schema faults, which check-jsonschema must find too
    purpose = f"\n    证明用途: 行政事项{seq:04d}办理"
    extra = ""
    if rng.random() < 0.01:
        purpose = ""
        planted["GZ003"] += 1
    if rng.random() < 0.01:
        extra = "\n    附注: 无"
        planted["GZ002"] += 1
    return f"""  # 第 {seq} 项
  - 序号: {seq}
    证明事项: 证明事项{seq:04d}（{rng.choice(["无犯罪记录", "劳动关系", "住所使用", "学历"])}证明）{purpose}
    设定依据:
      - 名称: {title}
        文号: {number}
        条款: {article}
        内容: {text}
        效力层级: {level}
    索要单位: 市直部门
    开具单位: 公安机关
    监管措施:
      核查方式: [行政协助核查, 在线核查]
      核查时限: {limit}
      核查标准: 以开具单位书面回复或共享平台数据为准
    告知:
      证明内容: 申请人符合本事项条件{vague}
      承诺方式: 书面承诺
      代为承诺: false
      不实承诺责任:
        - 依法承担民事赔偿责任
        - 撤销已作出的决定，并纳入信用记录
        - 涉嫌犯罪的，移送司法机关追究刑事责任
      公开: {{是否公开: true, 公开范围: 门户网站, 公开时限: 作出决定之日起7个工作日内}}
    备注: 无{extra}
"""


def generate(folder: Path, files: int, items: int, seed: int = 20210316) -> Counter[str]:
    """Write the files; returns the findings planted in them, by rule code."""
    rng = random.Random(seed)
    planted: Counter[str] = Counter()
    per_file = items // files
    for n in range(files):
        agency = f"晋城市{AGENCIES[n % len(AGENCIES)]}（{n + 1}）"
        body = "".join(item_yaml(i, rng, planted) for i in range(1, per_file + 1))
        header = (
            f"# yaml-language-server: $schema=catalog.schema.json\n行政机关: {agency}\n发布日期: 2021-03-31\n"
        )
        (folder / f"agency-{n + 1:02d}.yaml").write_text(header + "证明事项:\n" + body, encoding="utf-8")
    return planted


# The floor: compose each file with libyaml (positions kept in the nodes), count the items.
FLOOR = r"""
import sys, yaml
items = 0
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        root = yaml.compose(f, Loader=yaml.CSafeLoader)
    items += len(next(v for k, v in root.value if k.value == "证明事项").value)
print(items)
"""
# The start-up floor of the stack the tool is built on (issue 14's small-file target): Python
# started, Typer (which imports click and pydantic), rich and a pydantic model class built.
STACK = """
import typer, rich.console
from pydantic import BaseModel
class Item(BaseModel):
    name: str
"""


def repeated(args: list[str], repeat: int) -> tuple[list[float], Run, list[float]]:
    """Like timing.repeated (one warm-up run, then ``repeat``), with each run's CPU seconds
    (user + sys of the process and its workers) beside its wall seconds: on a shared machine
    the wall time says as much about the other processes as about the one measured."""
    last = run(args)
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        last = run(args)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(last.seconds)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, last, cpu


def check_gaozhi(stdout: str, planted: Counter[str], items: int) -> None:
    report = json.loads(stdout)
    found = Counter(d["code"] for d in report["diagnostics"])
    found[RESOLVED] = sum(1 for b in report["basis_resolved"] if b["found"])
    if found != planted or report["summary"]["items"] != items:
        raise SystemExit(
            f"gaozhi 的结果与植入的问题不符，计时无意义：\n  植入 {dict(planted)}\n  报告 {dict(found)}"
        )


def check_schema_tool(stdout: str, planted: Counter[str]) -> None:
    report = json.loads(stdout)
    expected = planted["GZ002"] + planted["GZ003"]
    if report.get("parse_errors"):
        raise SystemExit(f"check-jsonschema 无法解析文件：{report['parse_errors'][:1]}")
    if len(report["errors"]) != expected:
        raise SystemExit(
            f"check-jsonschema 报告 {len(report['errors'])} 个问题，植入的结构问题是 {expected} 个，计时无意义"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--small", type=int, default=10, help="小文件的证明事项数")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gaozhi, schema_tool = tool("gaozhi"), tool("check-jsonschema")
    with tempfile.TemporaryDirectory() as tmp:
        folder, small_folder = Path(tmp) / "city", Path(tmp) / "small"
        folder.mkdir()
        small_folder.mkdir()
        planted = generate(folder, args.files, args.items)
        small_planted = generate(small_folder, 1, args.small, seed=7)
        files = [str(p) for p in sorted(folder.glob("*.yaml"))]
        small = [str(p) for p in small_folder.glob("*.yaml")]
        size = sum(p.stat().st_size for p in folder.glob("*.yaml")) / 1024**2
        before = load_average()

        def validate(paths: list[str], *jobs: str) -> list[str]:
            return [gaozhi, "catalog", "validate", "--format", "json", *jobs, *paths]

        def schema_check(paths: list[str]) -> list[str]:
            return [schema_tool, "-o", "json", "--schemafile", str(SCHEMA), *paths]

        g_times, g, g_cpu = repeated(validate([str(folder)]), args.repeat)
        check_gaozhi(g.stdout, planted, args.items)
        g1_times, g1, g1_cpu = repeated(validate([str(folder)], "-j", "1"), args.repeat)
        check_gaozhi(g1.stdout, planted, args.items)
        s_times, s, s_cpu = repeated(schema_check(files), args.repeat)
        check_schema_tool(s.stdout, planted)
        f_times, f, f_cpu = repeated([sys.executable, "-c", FLOOR, *files], args.repeat)
        if f.stdout.strip() != str(args.items):
            raise SystemExit(f"libyaml 组装出 {f.stdout.strip()} 个证明事项，应为 {args.items} 个")
        small_times, sm, small_cpu = repeated(validate(small), args.repeat)
        check_gaozhi(sm.stdout, small_planted, args.small)
        small_schema_times, ss, small_schema_cpu = repeated(schema_check(small), args.repeat)
        check_schema_tool(ss.stdout, small_planted)
        stack_times, _, stack_cpu = repeated([sys.executable, "-c", STACK], args.repeat)
    print(
        f"输入：{args.files} 个文件，{args.items} 个证明事项，{size:.1f} MB；"
        f"植入问题 {sum(n for c, n in planted.items() if c != RESOLVED)} 个"
        f"（{', '.join(f'{c}×{n}' for c, n in sorted(planted.items()) if c != RESOLVED)}），"
        f"法规库应找到的设定依据 {planted[RESOLVED]} 条"
    )
    print(f"系统负载（1、5、15 分钟）：开始 {before}，结束 {load_average()}")
    print(
        "结果已核对：gaozhi 各规则的问题数、找到的设定依据数与植入的相同，check-jsonschema 找到全部结构问题"
    )
    g_med = median(g_times)
    rows = [
        ("gaozhi", "gaozhi catalog validate（含法规库核对，自动并行）", g_times, g_cpu),
        ("gaozhi -j 1", "gaozhi catalog validate -j 1（单进程）", g1_times, g1_cpu),
        ("check-jsonschema", "基线：check-jsonschema（仅 JSON Schema，单进程）", s_times, s_cpu),
        ("libyaml", "下限：libyaml 组装节点（PyYAML CSafeLoader，单进程）", f_times, f_cpu),
    ]
    for _, label, times, cpu in rows:
        print(f"{label}：{spread(times)}；CPU（用户+系统）{spread(cpu)}")
    for short, _, times, _cpu in rows[1:]:
        print(f"比值（中位）：{short} / gaozhi = {median(times) / g_med:.2f}")
    print(
        f"比值（CPU 中位）：check-jsonschema / gaozhi = {median(s_cpu) / median(g_cpu):.2f}，"
        f"check-jsonschema / gaozhi -j 1 = {median(s_cpu) / median(g1_cpu):.2f}"
    )
    s_med = median(s_times)
    print(
        f"目标 ≤ 1.0 s：{verdict(g_med <= 1.0)}（{g_med:.2f} s）；"
        f"目标 ≥ 3× check-jsonschema：{verdict(s_med / g_med >= 3)}（{s_med / g_med:.2f}×）"
    )
    print(f"小文件（{args.small} 个证明事项）：gaozhi {spread(small_times)}；CPU {spread(small_cpu)}")
    print(f"小文件：check-jsonschema {spread(small_schema_times)}；CPU {spread(small_schema_cpu)}")
    print(
        f"小文件下限：启动 Python 并导入 typer、rich、pydantic（本工具的技术栈）{spread(stack_times)}；CPU {spread(stack_cpu)}"
    )
    sm_med = median(small_times)
    print(
        f"比值（中位）：check-jsonschema / gaozhi = {median(small_schema_times) / sm_med:.2f}；"
        f"目标 ≤ 0.3 s：{verdict(sm_med <= 0.3)}（{sm_med:.2f} s）"
    )


if __name__ == "__main__":
    main()
