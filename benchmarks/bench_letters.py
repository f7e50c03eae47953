"""Benchmark: a batch of commitment letters (附件4), gaozhi against docxtpl in the same run.

- gaozhi: ``LetterMaker`` + the batch runner on every core (two on the target machine):
  the template, catalogue and base document are prepared once per process; each letter
  renders its text, rebuilds the body and re-zips only ``word/document.xml``; files are
  written atomically (temporary file, fsync, link).
- baseline: docxtpl rendering the same letter from an equivalent .docx template (made from
  one gaozhi letter with the applicant's values replaced by ``{{ }}`` tags), one process,
  ``DocxTemplate(path)`` + ``render`` + ``save`` per letter, the usual mail-merge loop.

Target (issue 4): gaozhi at least 2× docxtpl's letters per second on a 2-core machine.

    python benchmarks/bench_letters.py [--letters 1000] [--baseline 300] [--jobs 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gaozhi_cli.identity import _ID_CHECK, _ID_WEIGHTS  # noqa: E402
from gaozhi_cli.letters import batch  # noqa: E402
from gaozhi_cli.letters.data import Source  # noqa: E402
from gaozhi_cli.letters.generate import LetterMaker, LetterRequest  # noqa: E402

CATALOG = REPO / "examples" / "letters" / "catalog.yaml"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def id_number(n: int) -> str:
    base = f"140502{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return base + _ID_CHECK[sum(int(c) * w for c, w in zip(base, _ID_WEIGHTS, strict=True)) % 11]


def row(n: int) -> dict[str, object]:
    return {
        "编号": n,
        "证明事项": 1 + n % 2,
        "申请人": {
            "姓名": SURNAMES[n % len(SURNAMES)] + f"申请人{n}",
            "证件编号": id_number(n),
            "联系方式": f"139{n:08d}",
        },
        "日期": "2021-03-16",
    }


def run_gaozhi(out: Path, letters: int, jobs: int) -> float:
    """Seconds for the whole batch, preparation included."""
    start = time.perf_counter()
    maker = LetterMaker.prepare(LetterRequest("commitment", catalog=CATALOG))
    sources = [Source(row(n), "bench.csv", n + 1) for n in range(1, letters + 1)]
    tasks, settled = batch.plan(maker, sources, out, None, force=False, pdf=False)
    results = batch.run(maker, tasks, force=False, jobs=jobs)
    elapsed = time.perf_counter() - start
    failed = [r for r in [*settled, *results] if r.status != "written"]
    if failed:
        raise SystemExit(f"gaozhi failed rows: {failed[:3]}")
    return elapsed


def docxtpl_template(folder: Path) -> Path:
    """One gaozhi letter with the applicant's values turned into docxtpl tags."""
    import docx
    from docx.oxml.ns import qn

    maker = LetterMaker.prepare(LetterRequest("commitment", catalog=CATALOG))
    sample = row(1)
    made = maker.make(Source(sample))
    document = docx.Document(io.BytesIO(made.docx))
    applicant = sample["申请人"]
    assert isinstance(applicant, dict)
    tags = {
        applicant["姓名"]: "{{ name }}",
        applicant["证件编号"]: "{{ id_number }}",
        applicant["联系方式"]: "{{ phone }}",
        "[2021年]第1号": "[{{ year }}年]第{{ seq }}号",
        "2021年3月16日": "{{ date }}",
    }
    for t in document.element.body.iter(qn("w:t")):
        if t.text in tags:
            t.text = tags[t.text]
    path = folder / "承诺书模板.docx"
    document.save(str(path))
    return path


def run_docxtpl(template: Path, out: Path, letters: int) -> float:
    from docxtpl import DocxTemplate

    start = time.perf_counter()
    for n in range(1, letters + 1):
        data = row(n)
        applicant = data["申请人"]
        assert isinstance(applicant, dict)
        tpl = DocxTemplate(str(template))
        tpl.render(
            {
                "name": applicant["姓名"],
                "id_number": applicant["证件编号"],
                "phone": applicant["联系方式"],
                "year": 2021,
                "seq": n,
                "date": "2021年3月16日",
            }
        )
        tpl.save(str(out / f"{n}.docx"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=1000, help="gaozhi letters per run")
    parser.add_argument("--baseline", type=int, default=300, help="docxtpl letters per run")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="gaozhi processes")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    args = parser.parse_args()

    best = {"gaozhi": 0.0, "gaozhi-1": 0.0, "docxtpl": 0.0}
    with tempfile.TemporaryDirectory(prefix="gaozhi-bench-") as tmp:
        root = Path(tmp)
        template = docxtpl_template(root)
        for attempt in range(args.repeat):
            for name, jobs in (("gaozhi", args.jobs), ("gaozhi-1", 1)):
                out = root / f"{name}-{attempt}"
                rate = args.letters / run_gaozhi(out, args.letters, jobs)
                best[name] = max(best[name], rate)
                shutil.rmtree(out)
            out = root / f"docxtpl-{attempt}"
            out.mkdir()
            best["docxtpl"] = max(best["docxtpl"], args.baseline / run_docxtpl(template, out, args.baseline))
            shutil.rmtree(out)
    print(
        f"gaozhi, {args.jobs} processes: {best['gaozhi']:7.1f} letters/s ({args.letters} letters, best of {args.repeat})"
    )
    print(f"gaozhi, 1 process:   {best['gaozhi-1']:7.1f} letters/s")
    print(
        f"docxtpl, 1 process:  {best['docxtpl']:7.1f} letters/s ({args.baseline} letters, best of {args.repeat})"
    )
    print(
        f"ratio gaozhi/docxtpl: {best['gaozhi'] / best['docxtpl']:.2f}× (target ≥ 2×); single process: "
        f"{best['gaozhi-1'] / best['docxtpl']:.2f}×"
    )


if __name__ == "__main__":
    main()
