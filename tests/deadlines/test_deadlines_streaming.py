"""Big files: rows stream out before the file is read to its end, findings kept for listing are
capped, a file split for two processes gives the same summary, and cell caching changes nothing."""

from __future__ import annotations

import csv
import gc
import io
import json
import threading
import time
from concurrent.futures import Future
from datetime import date, timedelta

import pytest
from deadline_helpers import AS_OF, HEADER, csv_text
from hypothesis import given
from hypothesis import strategies as st

from gaozhi_cli.calendar import default_calendar
from gaozhi_cli.cellsafety import excel_safe
from gaozhi_cli.dates import is_no_date, parse_date
from gaozhi_cli.deadlines import DeadlineReport, Options, Status, load_rules, parallel, tally, write_rows
from gaozhi_cli.deadlines.cells import BLANK, DateCells
from gaozhi_cli.deadlines.reader import Export
from gaozhi_cli.formats.deadlines import ROW_FORMATS
from gaozhi_cli.identity import masked


def big_export(export, n: int, *, quoted_every: int = 0):
    rows = []
    for i in range(n):
        start = date(2025, 1, 2) + timedelta(days=i % 300)
        end = "" if i % 11 == 0 else (start + timedelta(days=i % 9)).isoformat()
        case = f'"C{i}\n（续）"' if quoted_every and i % quoted_every == 0 else f"C{i}"
        rows.append(f"{case},部门{i % 7},{'邮寄' if i % 3 else '当面'},{start} 09:{i % 60:02d}:00,{end}")
    return export(csv_text(*rows), encoding="gb18030")


def test_rows_stream_before_the_whole_file_is_read(export):
    path = big_export(export, 60_000)
    report = DeadlineReport(path, load_rules(), default_calendar(), Options(as_of=AS_OF))
    rows = report.results()
    first = next(rows)
    assert first.line == 2
    assert report.export.position < report.export.size / 4
    rows.close()


def test_findings_kept_for_listing_are_capped(export):
    path = big_export(export, 5_000)
    summary = DeadlineReport(path, load_rules(), default_calendar(), Options(as_of=AS_OF, limit=7)).tally()
    assert summary.count(Status.LATE) > 100
    assert all(len(rows) <= 7 for rows in summary.findings.values())
    assert len(summary.findings[Status.LATE]) == 7


@pytest.mark.parametrize("quoted_every", [0, 97])
def test_a_split_file_gives_the_same_summary(export, monkeypatch, quoted_every):
    path = big_export(export, 20_000, quoted_every=quoted_every)
    monkeypatch.setattr(parallel, "MIN_PART", 1024)
    spans = parallel.split(path, 3)
    assert len(spans) == 3
    assert spans[0].start == 0 and spans[-1].end == path.stat().st_size
    for span in spans[1:]:  # each part starts a record: its first line is a case of its own
        lines, rows, problems = next(Export(path, span).batches())
        assert lines[0] == span.first_line and rows[0][0].startswith("C") and not problems
    options = Options(as_of=AS_OF, limit=5)
    one = DeadlineReport(path, load_rules(), default_calendar(), options).tally()
    three = tally(path, load_rules(), default_calendar(), options, jobs=3)
    assert three.to_json() == one.to_json()
    assert three.findings == one.findings
    assert three.records == 20_000


def test_small_files_are_not_split(export):
    path = export(csv_text("A,司法局,邮寄,2025-11-03,2025-11-05"))
    assert len(parallel.split(path, 2)) == 1


def test_a_quote_before_the_middle_moves_the_split(export, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PART", 10)
    # the middle of the file falls inside B's quoted cell: the split moves past its closing quote
    body = '"B\n' + "\n" * 40 + '续",司法局,邮寄,2025-11-03,\n' + "C,司法局,邮寄,2025-11-03,\n" * 2
    path = export(HEADER + "\n" + body)
    spans = parallel.split(path, 2)
    assert spans[0].start < path.stat().st_size / 2 < spans[1].start
    lines, rows, problems = next(Export(path, spans[1]).batches())
    assert (lines[0], rows[0][0], problems) == (44, "C", {})


# -- cells: the caches give what dates.parse_date gives -----------------------------------------

parts = st.tuples(
    st.integers(1990, 2030), st.integers(0, 13), st.integers(0, 32), st.sampled_from(["-", "/", ".", "年"])
)
times = st.one_of(
    st.just(""),
    st.builds(
        lambda h, m, s, sep: f"{sep}{h}:{m:02d}:{s:02d}",
        st.integers(0, 30),
        st.integers(0, 70),
        st.integers(0, 70),
        st.sampled_from([" ", "T", "  ", " x"]),
    ),
)


@given(parts, times, st.sampled_from(["", " ", "日"]))
def test_date_cells_agree_with_parse_date(part, time, suffix):
    year, month, day, sep = part
    text = f"{year}{sep}{month}{'月' if sep == '年' else sep}{day}{suffix}{time}"
    cells = DateCells()
    for _ in range(2):  # the cached answer is the same
        found = cells[text]
        assert found == (parse_date(text) if text.strip() else BLANK), text


@given(st.text(alphabet="0123456789-/:年月日T ", max_size=22))
def test_date_cells_agree_on_any_text(text):
    cells = DateCells()
    assert cells["2025-01-01"] == date(2025, 1, 1)  # a date part already cached
    assert cells[text] == (parse_date(text) if text.strip() and not is_no_date(text) else BLANK)


def test_tally_counts_what_results_lists(export):
    header = "办件编号,部门,申请方式,收件日期,告知承诺书送达日期,投诉受理日期,处理结果告知日期"
    rows = []
    for i in range(6000):
        start = date(2025, 3, 3) + timedelta(days=i % 280)
        done = "" if i % 13 == 0 else f"{start + timedelta(days=i % 10)} 10:{i % 60:02d}:00"
        complaint = "" if i % 3 else f"{start},{start + timedelta(days=i % 12)}"
        rows.append(f"C{i},部门{i % 5},{['邮寄', '当面', '快递'][i % 3]},{start},{done},{complaint or ','}")
    rows[100] = "C100,部门0,邮寄,2025-13-01,,,"  # invalid date
    rows[2500] = "C2500,部门0,邮寄,2025-06-01"  # too few columns: a batch with a problem
    rows[4000] = '"C4000\n续",部门1,邮寄,2025-06-02,2025-06-03,,'  # two lines
    path = export(csv_text(*rows, header=header))
    options = Options(as_of=AS_OF, limit=40)
    counted = DeadlineReport(path, load_rules(), default_calendar(), options).tally()
    listed = DeadlineReport(path, load_rules(), default_calendar(), options)
    rows_out = list(listed.results())
    assert counted.to_json() == listed.summary.to_json()
    assert counted.findings == listed.summary.findings
    assert sum(counted.total().counts.values()) == len(rows_out)
    assert counted.blank["投诉举报处理"] > 3000
    assert {r.line for r in rows_out if r.case_id.startswith("C4001")} == {4004}


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize(
    ("blank", "to"),
    [
        (None, "text"),
        ("head", "text"),
        ("middle", "text"),
        (None, "file"),
        ("head", "masked"),
        ("middle", "file"),
    ],
)
def test_rows_written_in_parts_equal_rows_written_in_one(export, tmp_path, monkeypatch, fmt, blank, to):
    """In memory, or to a UTF-8 file (bare or under the masking stream), where a part is
    copied in as bytes."""
    rows = [
        f"C{i},部门{i % 3},邮寄,{date(2025, 3, 3) + timedelta(days=i % 200)},"
        + ("" if i % 7 == 0 else str(date(2025, 3, 5) + timedelta(days=i % 200)))
        for i in range(4000)
    ]
    if blank == "head":  # the first part has no row to write: the second one opens the list
        rows[:1800] = ["X,部门0,邮寄,," for _ in range(1800)]
    if blank == "middle":  # the second of three parts has none: no separator for it
        rows[900:3400] = ["X,部门0,邮寄,," for _ in range(2500)]
    path = export(csv_text(*rows))
    monkeypatch.setattr(parallel, "MIN_PART", 1024)
    options = Options(as_of=AS_OF, limit=10)
    outputs, summaries = [], []
    for jobs in (1, 3):
        out = tmp_path / f"{jobs}.out"
        with open(out, "w", encoding="utf-8", newline="") as file:
            stream = io.StringIO() if to == "text" else masked(file) if to == "masked" else file
            fmt_ = ROW_FORMATS[fmt]
            summaries.append(
                write_rows(
                    path, load_rules(), default_calendar(), options, fmt=fmt_, stream=stream, jobs=jobs
                )
            )
        outputs.append(stream.getvalue() if to == "text" else out.read_text(encoding="utf-8"))
    assert len(parallel.split(path, 3)) == 3
    assert outputs[0] == outputs[1]
    assert summaries[0].to_json() == summaries[1].to_json()
    if fmt == "json":
        assert len(json.loads(outputs[1])["rows"]) == {None: 4000, "head": 2200, "middle": 1500}[blank]


def test_a_part_is_read_as_its_process_writes_it(tmp_path):
    """Bytes written while the reader waits are read in order; the part ends only once its
    writer is done, and a writer that failed ends it too (the caller then gets its error)."""
    path = tmp_path / "1.part"
    path.touch()
    done: Future[None] = Future()
    chunks = [f"第{i}行\n".encode() * 500 for i in range(20)]

    def write() -> None:
        with open(path, "wb", buffering=0) as f:
            for chunk in chunks:
                f.write(chunk)
                time.sleep(0.002)
        done.set_result(None)

    writer = threading.Thread(target=write)
    writer.start()
    with io.BufferedReader(parallel.GrowingPart(path, done)) as part:
        assert part.read() == b"".join(chunks)
    writer.join()

    failed: Future[None] = Future()
    path.write_bytes(b"half")
    threading.Timer(0.05, failed.set_exception, (OSError("disk full"),)).start()
    with io.BufferedReader(parallel.GrowingPart(path, failed)) as part:
        assert part.read() == b"half"
    with pytest.raises(OSError, match="disk full"):
        failed.result()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_rows_written_a_batch_at_a_time_hold_each_rows_values(export, fmt):
    """Case numbers that need quoting, escaping or neutralising, or hold an ID number, among
    plain ones: every written row carries its row's values."""
    special = ["C,1", 'C"2', "=C3", "-C4", "@C5", "110101199003071234", "C\\7", "  C8  ", "C\t9"]
    rows = []
    for i in range(5000):  # the first batch holds the special ones, the later ones are plain
        case = special[i % len(special)] if i < 1000 and i % 5 == 0 else f"C{i}"
        case = f'"{case.replace(chr(34), chr(34) * 2)}"' if "," in case or '"' in case else case
        department = "110101199003071234局" if i % 97 == 0 else f"部门{i % 3}"
        start = date(2025, 3, 3) + timedelta(days=i % 200)
        rows.append(f"{case},{department},邮寄,{start},{'' if i % 7 == 0 else start + timedelta(days=i % 6)}")
    path = export(csv_text(*rows))
    options = Options(as_of=AS_OF)
    expected = list(DeadlineReport(path, load_rules(), default_calendar(), options).results())
    stream = io.StringIO()
    write_rows(path, load_rules(), default_calendar(), options, fmt=ROW_FORMATS[fmt], stream=stream, jobs=1)
    if fmt == "json":
        assert json.loads(stream.getvalue())["rows"] == [r.to_json() for r in expected]
        return
    written = list(csv.reader(io.StringIO(stream.getvalue().lstrip("\ufeff"))))[1:]
    assert len(written) == len(expected) == 5000
    for cells, row in zip(written, expected, strict=True):
        case = "'" + row.case_id if row.case_id[:1] in "=+-@\t" else row.case_id
        assert cells[:4] == [row.rule, case, row.department, str(row.line)]
        assert cells[5] == ("" if row.deadline is None else row.deadline.isoformat())
        assert cells[8] == row.status.value
    assert {c[1] for c in written} >= {
        "C,1",
        'C"2',
        "'=C3",
        "'-C4",
        "'@C5",
        "110101********1234",
        "C\\7",
        "C8",
    }
    assert "110101********1234局" in {c[2] for c in written}


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_hold_no_id_number_even_on_an_unmasked_stream(export, tmp_path, monkeypatch, fmt, jobs):
    """The writers of every row mask each cell where it is made, not the stream: an ID number
    (18 characters, or the 15 digits of a first-generation card) in a case number, a department,
    a bad date cell or a rule's name never reaches a row, on one process or split."""
    new, old = "110101199003071234", "110101900307123"
    new_shown, old_shown = "110101********1234", "110101*****7123"
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        f"规则:\n  - 名称: 送达{new}\n    开始列: 收件日期\n    结束列: 告知承诺书送达日期\n    时限: 3\n",
        encoding="utf-8",
    )
    special = {
        0: f"{new},部门,邮寄,2025-11-03,",
        1000: f"{old},部门,邮寄,2025-11-03,",
        2000: f"C2000,{new}局,邮寄,2025-11-03,",
        3000: f"C3000,{old},邮寄,2025-11-03,",
        3999: f"C3999,部门,邮寄,{new},",
    }
    rows = [
        special.get(i, f"C{i},部门{i % 3},邮寄,{date(2025, 3, 3) + timedelta(days=i % 200)},")
        for i in range(4000)
    ]
    path = export(csv_text(*rows), encoding="gb18030")
    monkeypatch.setattr(parallel, "MIN_PART", 1024)
    assert len(parallel.split(path, jobs)) == jobs
    stream = io.StringIO()  # no masking stream around it
    options = Options(as_of=AS_OF)
    write_rows(
        path, load_rules(rules), default_calendar(), options, fmt=ROW_FORMATS[fmt], stream=stream, jobs=jobs
    )
    text = stream.getvalue()
    rows_text = text.split('\n], "summary": ')[0]  # the summary is the masking stream's to mask
    assert new not in rows_text and old not in rows_text
    if fmt == "json":
        written = [list(map(str, r.values())) for r in json.loads(text)["rows"]]
    else:
        written = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    assert len(written) == 8000  # every record under both rules
    assert {f"送达{new_shown}"} == {r[0] for r in written} - {"告知承诺书送达"}
    assert {new_shown, old_shown} <= {r[1] for r in written}
    assert {f"{new_shown}局", old_shown} <= {r[2] for r in written}
    assert any(new_shown in r[-1] for r in written)  # the reason quotes the bad date cell


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("to", ["text", "file"])
def test_rows_are_the_text_json_and_csv_writers_give_for_them(export, tmp_path, fmt, to):
    """Byte for byte what json.dumps and csv.writer (after excel_safe) write for each row, with
    reasons quoting cells that hold quotes, backslashes, commas, control and non-BMP characters:
    in memory, and to a UTF-8 file, where the rows are written as bytes."""
    odd = ['x"1', "b\\2", "a,3", "c\x014", "\x1f5", "𠀀😀6", "=7", "'8", "line\n9"]
    rows = []
    for i in range(3000):
        start = odd[i % len(odd)] if i % 4 == 0 else str(date(2025, 3, 3) + timedelta(days=i % 200))
        end = odd[i % 7] if i % 10 == 1 else ""
        rows.append(",".join(excel_quote(c) for c in (f"C{i}", f"部门{i % 3}", "邮寄", start, end)))
    path = export(csv_text(*rows), encoding="gb18030")
    options = Options(as_of=AS_OF)
    expected = list(DeadlineReport(path, load_rules(), default_calendar(), options).results())
    assert {r.status for r in expected} >= {Status.INVALID, Status.OVERDUE}
    out = tmp_path / "rows.out"
    with open(out, "w", encoding="utf-8", newline="") as file:
        stream = io.StringIO() if to == "text" else file
        write_rows(
            path, load_rules(), default_calendar(), options, fmt=ROW_FORMATS[fmt], stream=stream, jobs=1
        )
    written = stream.getvalue() if to == "text" else out.read_bytes().decode("utf-8")
    if fmt == "json":
        body = written.split('\n], "summary": ')[0].removeprefix('{"rows": [\n  ')
        assert body.split(",\n  ") == [json.dumps(r.to_json(), ensure_ascii=False) for r in expected]
        return
    want = io.StringIO()
    writer = csv.writer(want, lineterminator="\r\n")
    for r in expected:
        cells = [r.rule, r.case_id, r.department, r.line, *map(day, (r.start, r.deadline, r.end))]
        cells += [r.status.label, r.status.value, r.late_workdays, r.reason]
        writer.writerow([excel_safe(c) if isinstance(c, str) else c for c in cells])
    assert written.split("\r\n", 1)[1] == want.getvalue()


def excel_quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n') else cell


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def test_the_garbage_collector_idles_while_reading_and_is_restored(export):
    path = big_export(export, 5000)
    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    seen = []

    def progress(done: int) -> None:
        seen.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))

    options = Options(as_of=AS_OF)
    summary = tally(path, load_rules(), default_calendar(), options, jobs=1, progress=progress)
    assert summary.records == 5000
    assert seen and all(threshold >= 10_000 and frozen for threshold, frozen in seen)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    stream = io.StringIO()
    write_rows(path, load_rules(), default_calendar(), options, fmt=ROW_FORMATS["csv"], stream=stream, jobs=1)
    assert stream.getvalue().count("\r\n") == 5001
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_the_catalogues_rule_judged_beside_the_others_in_batches_as_one_record_at_a_time(export):
    """The catalogue's 核查时限 takes its start column and period from each record's item: in a
    batch of well-formed records it is judged record by record while the other rules go column
    by column. Each record gets the verdicts a batch holding a broken record (judged wholly one
    record at a time) gives it."""
    from pathlib import Path

    from gaozhi_cli.deadlines.verification import catalog_rule

    catalog = Path(__file__).resolve().parents[2] / "examples" / "deadlines" / "catalog-justice.yaml"
    items = ["无犯罪记录证明", "律师事务所资产证明", "经济困难证明", "律师执业证明", ""]  # the 4th is unknown
    header = "办件编号,部门,证明事项,受理日期,决定日期,核查完成日期,收件日期,申请方式,告知承诺书送达日期"
    rows = []
    for i in range(3000):
        day = date(2025, 3, 3) + timedelta(days=i % 250)
        done = "" if i % 9 == 0 else str(day + timedelta(days=3 + i % 40))
        decided = "" if i % 11 == 0 else str(day + timedelta(days=i % 5))
        rows.append(
            f"C{i},部门{i % 4},{items[i % 5]},{day},{decided},{done},{day},{['邮寄', '当面'][i % 2]},"
            + ("" if i % 6 == 0 else str(day + timedelta(days=i % 4)))
        )
    rules = [*load_rules(), catalog_rule([catalog], 10_000_000)]
    options = Options(as_of=AS_OF, limit=30)

    def verdicts(lines: list[str]) -> dict[tuple[str, str], tuple]:
        found = DeadlineReport(export(csv_text(*lines, header=header)), rules, default_calendar(), options)
        return {(r.rule, r.case_id): r[4:] for r in found.results()}

    by_column = verdicts(rows)
    # a record with too few cells in each batch of 2,048 records
    broken = [row if i % 2048 != 5 else "BROKEN,部门0" for i, row in enumerate(rows)]
    by_record = verdicts(broken)
    assert {rule for rule, _ in by_column} >= {"核查时限", "告知承诺书送达"}
    assert any(v[3] is Status.INVALID for (rule, _), v in by_column.items() if rule == "核查时限")
    kept = {key: v for key, v in by_column.items() if int(key[1][1:]) % 2048 != 5}
    assert kept == {key: v for key, v in by_record.items() if key[1] != "BROKEN"}


def test_the_notes_name_the_blank_records_in_the_rules_order():
    """However a split file's parts first met them (the counts are merged part by part)."""
    from gaozhi_cli.deadlines.summary import Summary
    from gaozhi_cli.formats.deadline_layout import notes

    rules = load_rules()
    summary = Summary("x.csv", "UTF-8", Options(as_of=AS_OF), rules)
    for rule in reversed(rules[:3]):
        summary.blank[rule.name] += 2
    assert notes(summary) == [f"另有 2 条记录没有“{r.name}”的日期，未计入该规则。" for r in rules[:3]]
