"""Benchmark: a batch of commitment letters (附件4), gaozhi against docxtpl and a zip-copy floor,
all on the same number of processes, in the same run.

- gaozhi: the batch of ``letter generate --batch`` (``letters.batch.generate``), preparation
  included: the catalogue, template and base document are read once; each letter renders its
  text, writes its body as WordprocessingML text and re-zips only ``word/document.xml``; files
  are written atomically (temporary file, fsync, link).
- docxtpl: the usual mail-merge loop, ``DocxTemplate(path)`` + ``render`` + ``save`` per letter,
  on a pool of ``--jobs`` processes. Its templates are gaozhi letters, one per catalogue item,
  with the applicant's values turned into ``{{ }}`` tags, so every row renders its own item.
- floor: no rendering at all — the parts of a letter but ``word/document.xml`` zipped once, and
  per row the letter's document.xml with the row's values put in, appended and written out.

Before any time is printed, the text of every gaozhi letter is compared with the docxtpl
letter of the same row, paragraph by paragraph. Each path runs ``--repeat`` times; the
figures are min/median/max letters per second, the ratios are of medians, with the load
average before and after.

Target (issue 14): gaozhi at least 5× docxtpl on the same number of processes, 1,000 letters.

    python benchmarks/bench_letters.py [--letters 1000] [--jobs 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from itertools import zip_longest
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gaozhi_cli.identity import _ID_CHECK, _ID_WEIGHTS  # noqa: E402
from gaozhi_cli.letters import batch  # noqa: E402
from gaozhi_cli.letters.data import Source  # noqa: E402
from gaozhi_cli.letters.generate import LetterMaker, LetterRequest  # noqa: E402

CATALOG = REPO / "examples" / "letters" / "catalog.yaml"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
DOCUMENT = "word/document.xml"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def id_number(n: int) -> str:
    base = f"140502{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return base + _ID_CHECK[sum(int(c) * w for c, w in zip(base, _ID_WEIGHTS, strict=True)) % 11]


def row(n: int) -> dict[str, object]:
    return {
        "编号": n,
        "证明事项": item_of(n),
        "申请人": {
            "姓名": SURNAMES[n % len(SURNAMES)] + f"申请人{n}",
            "证件编号": id_number(n),
            "联系方式": f"139{n:08d}",
        },
        "日期": "2021-03-16",
    }


def item_of(n: int) -> int:
    return 1 + n % 2


def values(n: int) -> dict[str, str]:
    """What a row prints besides its item, by the name of the docxtpl tag."""
    applicant = row(n)["申请人"]
    assert isinstance(applicant, dict)
    return {
        "name": applicant["姓名"],
        "id_number": applicant["证件编号"],
        "phone": applicant["联系方式"],
        "number": f"[2021年]第{n}号",
    }


# -- gaozhi ------------------------------------------------------------------------------------


def run_gaozhi(out: Path, letters: int, jobs: int) -> None:
    maker = LetterMaker.prepare(LetterRequest("commitment", catalog=CATALOG))
    sources = [Source(row(n), "bench.csv", n + 1) for n in range(1, letters + 1)]
    summary = batch.generate(maker, sources, out, "{编号}", force=False, pdf=False, jobs=jobs)
    failed = [r for r in summary.results if r.status != "written"]
    if failed:
        raise SystemExit(f"gaozhi failed rows: {failed[:3]}")


def sample_letter(n: int) -> bytes:
    maker = LetterMaker.prepare(LetterRequest("commitment", catalog=CATALOG))
    return maker.make(Source(row(n))).docx


# -- docxtpl -----------------------------------------------------------------------------------


def docxtpl_templates(folder: Path) -> dict[int, Path]:
    """For each catalogue item, a gaozhi letter with the applicant's values turned into tags."""
    import docx
    from docx.oxml.ns import qn

    templates = {}
    for n in (1, 2):  # one row of each item
        document = docx.Document(io.BytesIO(sample_letter(n)))
        tags = {value: f"{{{{ {tag} }}}}" for tag, value in values(n).items()}
        for t in document.element.body.iter(qn("w:t")):
            if t.text in tags:
                t.text = tags[t.text]
        path = folder / f"承诺书模板-{item_of(n)}.docx"
        document.save(str(path))
        templates[item_of(n)] = path
    return templates


_templates: dict[int, Path] = {}
_out = Path()


def _docxtpl_init(templates: dict[int, Path], out: Path) -> None:
    global _templates, _out
    _templates, _out = templates, out


def _docxtpl_letter(n: int) -> None:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(_templates[item_of(n)]))
    tpl.render(values(n))
    tpl.save(str(_out / f"{n}.docx"))


def run_docxtpl(templates: dict[int, Path], out: Path, letters: int, jobs: int) -> None:
    out.mkdir()
    _pool_map(_docxtpl_letter, (templates, out), _docxtpl_init, letters, jobs)


# -- the floor ---------------------------------------------------------------------------------

_static = b""
_xml: dict[int, tuple[str, dict[str, str]]] = {}


def _floor_init(static: bytes, xml: dict[int, tuple[str, dict[str, str]]], out: Path) -> None:
    global _static, _xml, _out
    _static, _xml, _out = static, xml, out


def _floor_letter(n: int) -> None:
    text, sample = _xml[item_of(n)]
    for tag, value in values(n).items():
        text = text.replace(f">{sample[tag]}<", f">{value}<")
    buffer = io.BytesIO(_static)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(DOCUMENT, text.encode())
    (_out / f"{n}.docx").write_bytes(buffer.getvalue())


def floor_parts() -> tuple[bytes, dict[int, tuple[str, dict[str, str]]]]:
    """The parts of a letter but its body, zipped; each item's document.xml and its values."""
    xml = {}
    for n in (1, 2):
        letter = sample_letter(n)
        with zipfile.ZipFile(io.BytesIO(letter)) as zf:
            xml[item_of(n)] = (zf.read(DOCUMENT).decode(), values(n))
    static = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(letter)) as src,
        zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename != DOCUMENT:
                dst.writestr(info.filename, src.read(info))
    return static.getvalue(), xml


def run_floor(
    parts: tuple[bytes, dict[int, tuple[str, dict[str, str]]]], out: Path, letters: int, jobs: int
) -> None:
    out.mkdir()
    _pool_map(_floor_letter, (*parts, out), _floor_init, letters, jobs)


def _pool_map(work: Callable[[int], None], initargs: tuple, init: Callable, letters: int, jobs: int) -> None:  # type: ignore[type-arg]
    rows = range(1, letters + 1)
    if jobs == 1:
        init(*initargs)
        for n in rows:
            work(n)
        return
    chunk = max(1, min(16, letters // (jobs * 8)))  # as gaozhi's batch
    with get_context("fork").Pool(jobs, initializer=init, initargs=initargs) as pool:
        for _ in pool.imap_unordered(work, rows, chunksize=chunk):
            pass


# -- checking and timing -----------------------------------------------------------------------


def paragraphs(path: Path) -> list[str]:
    """The text of every paragraph of the body (table cells too), in order."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read(DOCUMENT))
    return ["".join(t.text or "" for t in p.iter(f"{W_NS}t")) for p in root.iter(f"{W_NS}p")]


def check_same_text(gaozhi: Path, docxtpl: Path, letters: int) -> None:
    for n in range(1, letters + 1):
        ours, theirs = paragraphs(gaozhi / f"{n}.docx"), paragraphs(docxtpl / f"{n}.docx")
        if ours != theirs:
            i, a, b = next((i, a, b) for i, (a, b) in enumerate(zip_longest(ours, theirs)) if a != b)
            raise SystemExit(f"letter {n}: the texts differ at paragraph {i}: {a!r} ≠ {b!r}")
    print(f"text checked: the {letters} gaozhi letters read as the docxtpl letters of the same rows")


def timed(action: Callable[[Path], None], out: Path) -> float:
    start = time.perf_counter()
    action(out)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=1000, help="letters per run, for every path")
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="processes, for every path"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path")
    args = parser.parse_args()
    n, jobs = args.letters, args.jobs
    seconds: dict[str, list[float]] = {"gaozhi": [], "docxtpl": [], "floor": []}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="gaozhi-bench-") as tmp:
        root = Path(tmp)
        templates = docxtpl_templates(root)
        parts = floor_parts()
        for attempt in range(args.repeat):
            runs = {
                "gaozhi": lambda out: run_gaozhi(out, n, jobs),
                "docxtpl": lambda out: run_docxtpl(templates, out, n, jobs),
                "floor": lambda out: run_floor(parts, out, n, jobs),
            }
            for name, run in runs.items():
                seconds[name].append(timed(run, root / f"{name}-{attempt}"))
            if attempt == 0:
                check_same_text(root / "gaozhi-0", root / "docxtpl-0", n)
            for name in runs:
                shutil.rmtree(root / f"{name}-{attempt}")
    load_after = os.getloadavg()

    def rates(name: str) -> list[float]:
        return sorted(n / s for s in seconds[name])

    print(f"{n} commitment letters, {jobs} processes each, {args.repeat} runs; letters per second:")
    for name, label in (("gaozhi", "gaozhi"), ("docxtpl", "docxtpl"), ("floor", "zip-copy floor")):
        r = rates(name)
        print(f"  {label:15} min {r[0]:7.1f}  median {statistics.median(r):7.1f}  max {r[-1]:7.1f}")
    ours = statistics.median(rates("gaozhi"))
    print(f"gaozhi / docxtpl: {ours / statistics.median(rates('docxtpl')):.2f}× (target ≥ 5×)")
    print(
        f"gaozhi / zip-copy floor: {ours / statistics.median(rates('floor')):.2f}× (1× would be no cost but the copy)"
    )
    print(
        "load average (1, 5, 15 min): before "
        + ", ".join(f"{x:.2f}" for x in load_before)
        + "; after "
        + ", ".join(f"{x:.2f}" for x in load_after)
    )


if __name__ == "__main__":
    main()
