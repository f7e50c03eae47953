"""Batches: GB18030 CSV, one letter a row, a bad row never stops the others, both cores."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from gaozhi_cli.letters.batch import _make_run

from .helpers import all_text, open_docx

HEADER = ["编号", "证明事项", "申请人.姓名", "申请人.证件编号", "日期", "代理人.姓名", "代理人.授权书"]
GOOD = [
    ["1", "1", "王五", "140525198512034565", "2021-03-16", "", ""],
    ["3", "2", "孙七", "11010519491231002X", "2021/3/16", "周八", "授权委托书（2021年3月10日）"],
]
BAD_ID = ["2", "1", "赵六", "140525198512034564", "2021-03-16", "", ""]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "gb18030") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(gaozhi, catalog: Path, csv_path: Path, *extra: str):
    return gaozhi(
        "letter", "generate", "commitment", "-c", catalog, "--batch", csv_path, "--out-dir", "out", *extra
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_rows_are_reported_and_the_rest_written(gaozhi, catalog: Path, jobs: str) -> None:
    rows = [
        GOOD[0],
        BAD_ID,
        GOOD[1],
        ["4", "1", "钱九", "140502200002290011", "2021-03-16", "周八", "授权书"],
        GOOD[0],
    ]
    result = run(gaozhi, catalog, write_csv(Path("批量.csv"), rows), "--jobs", jobs)
    assert result.exit_code == 1
    out = result.output
    assert "批量.csv 第 3 行：“申请人.证件编号”不是有效的居民身份证号码" in out
    assert (
        "140525198512034564" not in out and "140525********4564" not in out
    )  # no number at all in that message
    assert "批量.csv 第 5 行：证明事项“无犯罪记录证明”不可代为承诺" in out
    assert "批量.csv 第 6 行：文件名 告知承诺书-王五-1.docx 与批量.csv 第 2 行相同" in out
    assert "共 5 行：已生成 2 份，跳过 0 行，失败 3 行" in out
    written = sorted(p.name for p in Path("out").iterdir())
    assert written == ["告知承诺书-孙七-3.docx", "告知承诺书-王五-1.docx"]
    text = all_text(open_docx(Path("out/告知承诺书-孙七-3.docx")))
    assert "孙七" in text and "代理人：周八" in text and "[2021年]第3号" in text


def test_many_rows_on_two_workers(gaozhi, catalog: Path) -> None:
    rows = [[str(n), "1", f"申请人{n}", "140525198512034565", "2021-03-16", "", ""] for n in range(1, 41)]
    result = run(gaozhi, catalog, write_csv(Path("多.csv"), rows, "utf-8"), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "共 40 行：已生成 40 份" in result.output
    for n in (1, 17, 40):
        assert f"申请人{n}" in all_text(open_docx(Path(f"out/告知承诺书-申请人{n}-{n}.docx")))


def test_existing_files_are_skipped_unless_forced(gaozhi, catalog: Path) -> None:
    csv_path = write_csv(Path("批量.csv"), GOOD)
    assert run(gaozhi, catalog, csv_path).exit_code == 0
    Path("out/告知承诺书-王五-1.docx").write_bytes(b"edited by hand")
    result = run(gaozhi, catalog, csv_path)
    assert result.exit_code == 0
    assert "跳过 2 行" in result.output and "文件已存在" in result.output
    assert Path("out/告知承诺书-王五-1.docx").read_bytes() == b"edited by hand"
    result = run(gaozhi, catalog, csv_path, "--force")
    assert "已生成 2 份" in result.output
    assert "王五" in all_text(open_docx(Path("out/告知承诺书-王五-1.docx")))


def test_exclusion_list_in_a_batch(gaozhi, catalog: Path) -> None:
    Path("名单.csv").write_text(
        "身份证号,姓名,原因\n11010519491231002X,孙七,曾作出虚假承诺\n", encoding="utf-8-sig"
    )
    result = run(gaozhi, catalog, write_csv(Path("批量.csv"), GOOD), "--exclude-list", "名单.csv")
    assert result.exit_code == 1
    assert "第 3 行：申请人（证件编号 110105********002X）在不适用告知承诺制的名单中" in result.output
    assert "名单所列姓名：孙七" in result.output
    assert "已生成 1 份" in result.output


def test_name_pattern_and_item_option(gaozhi, catalog: Path) -> None:
    Path("b.csv").write_text("申请人.姓名,申请人.证件编号\n王五,140525198512034565\n", encoding="utf-8")
    result = gaozhi(
        "letter",
        "generate",
        "承诺书",
        "-c",
        catalog,
        "--item",
        "1",
        "-b",
        "b.csv",
        "--out-dir",
        "o",
        "--name",
        "{申请人.姓名}承诺书",
    )
    assert result.exit_code == 0, result.output
    assert Path("o/王五承诺书.docx").is_file()


def test_batch_for_another_kind_with_numbered_list_columns(gaozhi, catalog: Path) -> None:
    Path("b.csv").write_text(
        "函号,被请求单位,申请日期,申请人.姓名,办理事项,承诺内容.1,承诺内容.2,回复期限,日期\n"
        "15,晋城市公安局,2021-03-16,张三,律师执业核准,1,2,5,2021-03-17\n"
        "16,晋城市公安局,2021-03-16,李四,律师执业核准,自行填写的承诺内容,,3,2021-03-17\n",
        encoding="gb18030",
    )
    result = gaozhi("letter", "generate", "协助函", "-c", catalog, "-b", "b.csv", "--out-dir", "o")
    assert result.exit_code == 0, result.output
    first = all_text(open_docx(Path("o/申请行政协助函-15-张三.docx")))
    assert "晋市司函字〔2021〕15号" in first and "2.律师事务所实习满一年证明：" in first
    second = all_text(open_docx(Path("o/申请行政协助函-16-李四.docx")))
    assert "1.自行填写的承诺内容" in second and "在3个工作日内" in second


def test_batch_file_problems(gaozhi, catalog: Path) -> None:
    Path("empty.csv").write_text("编号,申请人.姓名\n", encoding="utf-8")
    result = run(gaozhi, catalog, Path("empty.csv"))
    assert result.exit_code == 2 and "没有数据行" in result.output
    Path("bin.csv").write_bytes(b"\x00\x01\x02")
    result = run(gaozhi, catalog, Path("bin.csv"))
    assert result.exit_code == 2 and "不是文本文件" in result.output


def _sources(count: int):  # type: ignore[no-untyped-def]
    """``count`` rows of a batch file b.csv (row n on line n + 1), each a commitment for item 1."""
    from gaozhi_cli.letters.data import Source

    return [
        Source(
            {"编号": n, "证明事项": 1, "申请人": {"姓名": f"甲{n}", "证件编号": GOOD[0][3]}}, "b.csv", n + 1
        )
        for n in range(1, count + 1)
    ]


def test_workers_without_fork_prepare_their_own_maker(catalog: Path, tmp_path: Path, monkeypatch) -> None:
    """Windows has no fork: each spawned worker reads the catalogue and template itself."""
    import multiprocessing

    from gaozhi_cli.letters import batch
    from gaozhi_cli.letters.generate import LetterMaker, LetterRequest

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    maker = LetterMaker.prepare(LetterRequest("commitment", catalog=catalog))
    sources = _sources(4)
    planned = batch.plan(maker, sources, tmp_path / "o", None, force=False, pdf=False)
    results = batch.run(maker, planned, len(sources), force=False, jobs=2)
    assert [r.status for r in results] == ["written"] * 4
    assert "甲3" in all_text(open_docx(tmp_path / "o" / "告知承诺书-甲3-3.docx"))


def test_a_cell_of_several_lines_from_windows_prints_one_paragraph_a_line(gaozhi, catalog: Path) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [[*HEADER, "符合条件"], [*GOOD[0], "具有律师资格\r\n在律师事务所实习满一年\r年满二十周岁"]]
    )
    Path("w.csv").write_bytes(buffer.getvalue().encode("gb18030"))
    result = run(gaozhi, catalog, Path("w.csv"), "--name", "{编号}")
    assert result.exit_code == 0, result.output
    document = open_docx(Path("out/1.docx"))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("具有律师资格")
    assert texts[start : start + 3] == ["具有律师资格", "在律师事务所实习满一年", "年满二十周岁"]
    assert "\r" not in all_text(document)


def _dies_on_row_9(tasks):  # type: ignore[no-untyped-def]
    import os

    if any(t.source.line == 9 for t in tasks):
        os._exit(9)  # the worker is killed (out of memory) while it makes row 9
    return _make_run(tasks)  # the real work, which the test replaces in the batch module


def test_a_worker_killed_midway_fails_the_rows_left_with_a_message(
    catalog: Path, tmp_path: Path, monkeypatch
) -> None:
    import multiprocessing

    from gaozhi_cli.letters import batch
    from gaozhi_cli.letters.generate import LetterMaker, LetterRequest

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the replaced work function reaches the workers only when they fork")
    monkeypatch.setattr(batch, "_make_run", _dies_on_row_9)
    maker = LetterMaker.prepare(LetterRequest("commitment", catalog=catalog))
    sources = _sources(30)
    planned = batch.plan(maker, sources, tmp_path / "o", None, force=False, pdf=False)
    results = batch.run(maker, planned, len(sources), force=False, jobs=2)
    assert [r.line for r in results] == list(range(2, 32))  # every row has its outcome, in order
    failed = [r for r in results if r.status == "failed"]
    assert failed and all("工作进程意外退出" in r.message and "重新运行" in r.message for r in failed)
    assert all(r.status == "written" for r in results[: results.index(failed[0])])
    assert 9 in [r.line for r in failed]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_letters_the_file_system_refuses_fail_their_rows_and_leave_nothing(
    catalog: Path, tmp_path: Path, jobs: str
) -> None:
    """A file-size limit (as a full quota): the kernel refuses each letter's bytes, in this
    process or in the workers; every row says why, no file and no temporary file is left."""
    import resource
    import signal
    import subprocess
    import sys

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000))

    rows = [[str(n), "1", "王五", "140525198512034565", "2021-03-16", "", ""] for n in range(1, 31)]
    write_csv(tmp_path / "b.csv", rows)
    command = ["letter", "generate", "commitment", "-c", str(catalog), "--batch", "b.csv", "--out-dir", "out"]
    result = subprocess.run(
        [sys.executable, "-m", "gaozhi_cli", *command, "--name", "{编号}", "--jobs", jobs],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=limit,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert out.count("文件超过了磁盘或系统允许的大小") == 30, out
    assert "共 30 行：已生成 0 份，跳过 0 行，失败 30 行" in out
    assert "Traceback" not in out and "内部错误" not in out
    assert list((tmp_path / "out").iterdir()) == []
