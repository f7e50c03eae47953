"""Benchmark: `gaozhi catalog validate` on a city's worth of catalogues.

Generates 60 agency files with 3,000 items in all (Chinese keys, comments, nested bases and
notices, a few findings per file), then times, in the same run:

- gaozhi: the real command in a fresh process (start-up, parsing, rules, report), best of N;
- baseline: a plain ruamel.yaml round-trip load of the same files, the usual way to get line
  numbers, without any checking.

Target (issue 2): gaozhi under 2 s on a 2-core machine.

    python benchmarks/bench_validate.py [--files 60] [--items 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
# one of them a ministry rule (GZ201); item_yaml also plants a wrong quote now and then (GZ210).
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


def item_yaml(seq: int, rng: random.Random) -> str:
    title, number, article, text, level = rng.choice(LAWS)
    if rng.random() < 0.02:
        text = WRONG_QUOTE
    vague = "，以及其他相关材料" if rng.random() < 0.05 else ""
    limit = "及时" if rng.random() < 0.03 else f"作出决定后{rng.randint(5, 30)}个工作日内"
    return f"""  # 第 {seq} 项
  - 序号: {seq}
    证明事项: 证明事项{seq:04d}（{rng.choice(["无犯罪记录", "劳动关系", "住所使用", "学历"])}证明）
    证明用途: 行政事项{seq:04d}办理
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
    备注: 无
"""


def generate(folder: Path, files: int, items: int, seed: int = 20210316) -> None:
    rng = random.Random(seed)
    per_file = items // files
    for n in range(files):
        agency = f"晋城市{AGENCIES[n % len(AGENCIES)]}（{n + 1}）"
        body = "".join(item_yaml(i, rng) for i in range(1, per_file + 1))
        header = (
            f"# yaml-language-server: $schema=catalog.schema.json\n行政机关: {agency}\n发布日期: 2021-03-31\n"
        )
        (folder / f"agency-{n + 1:02d}.yaml").write_text(header + "证明事项:\n" + body, encoding="utf-8")


def time_gaozhi(folder: Path, repeat: int) -> tuple[float, str]:
    exe = shutil.which("gaozhi") or str(Path(sys.executable).with_name("gaozhi"))
    # cached bytecode, as an installed package has it
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([exe, "--help"], capture_output=True, env=env)
    best, summary = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [exe, "catalog", "validate", "--format", "concise", str(folder)],
            capture_output=True,
            text=True,
            env=env,
        )
        best = min(best, time.perf_counter() - start)
        summary = done.stdout.strip().splitlines()[-1]
    return best, summary


def time_roundtrip(folder: Path, repeat: int) -> float:
    from ruamel.yaml import YAML

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            YAML().load(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, args.files, args.items)
        size = sum(p.stat().st_size for p in folder.glob("*.yaml")) / 1024**2
        print(f"输入：{args.files} 个文件，{args.items} 个证明事项，{size:.1f} MB")
        gaozhi, summary = time_gaozhi(folder, args.repeat)
        baseline = time_roundtrip(folder, args.repeat)
    print(f"gaozhi catalog validate（新进程，含启动）：{gaozhi:.2f} s   {summary}")
    print(f"基线：ruamel.yaml 往返加载（仅解析，不检查）：{baseline:.2f} s")
    print(
        f"比值：gaozhi 用时为基线的 {gaozhi / baseline:.2f} 倍（快 {baseline / gaozhi:.1f} 倍）；目标 < 2 s："
        f"{'达到' if gaozhi < 2 else '未达到'}"
    )


if __name__ == "__main__":
    main()
