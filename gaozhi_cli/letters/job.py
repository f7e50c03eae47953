"""What ``letter generate`` does, as one call: a letter, a blank form, or a batch of CSV rows.

    job = LetterJob("commitment", catalog=Path("目录.yaml"), batch=Path("申请.csv"))
    done = generate_letters(job, Settings())      # UsageError for options that do not go together

Options are checked before anything is read or written; a letter the data cannot make is an
outcome (``refused``, or a failed row of the batch), not an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.config import Settings
from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import display_path
from gaozhi_cli.letters import batch
from gaozhi_cli.letters.data import DataProblem, Source, apply_sets, read_batch, read_letter_data
from gaozhi_cli.letters.forms import find_form
from gaozhi_cli.letters.generate import LetterMaker, LetterRequest, blank_form, check_name_pattern
from gaozhi_cli.letters.issue import Issued, recover, write_letter


@dataclass(frozen=True, slots=True)
class LetterJob:
    """The options of ``letter generate``."""

    kind: str
    catalog: Path | None = None
    item: str | None = None
    data: Path | None = None
    sets: Sequence[str] = ()
    batch: Path | None = None
    out_dir: Path | None = None
    output: Path | None = None
    name: str | None = None
    blank: bool = False
    templates: Path | None = None
    base_docx: Path | None = None
    exclude_list: Path | None = None
    pdf: bool = False
    jobs: int | None = None
    force: bool = False
    calendar: Sequence[Path] = ()  # --calendar: holiday notices for years gaozhi lacks


@dataclass(slots=True)
class Generated:
    """What was made: one letter (``issued``, or why not: ``refused``) or a batch (``summary``)."""

    directory: Path
    warnings: list[str] = field(default_factory=list)  # the catalogue's, before any letter
    pdf: bool = False  # PDFs asked for
    issued: Issued | None = None
    refused: str | None = None
    pdf_problem: str | None = None  # one letter: why its PDF was not made
    summary: batch.BatchSummary | None = None  # a batch: one outcome a row

    @property
    def failed(self) -> bool:
        if self.summary is not None:
            return self.summary.count("failed") > 0
        return self.refused is not None or self.pdf_problem is not None


def generate_letters(job: LetterJob, settings: Settings, progress: batch.Progress | None = None) -> Generated:
    """Make what ``job`` asks for; ``progress`` hears how a batch goes."""
    chosen = find_form(job.kind)
    modes = [m for m, on in (("--batch", job.batch is not None), ("--blank", job.blank)) if on]
    if (
        len(modes) > 1
        or (job.batch is not None and (job.data is not None or job.sets))
        or (job.blank and job.data is not None)
    ):
        raise UsageError("--batch、--blank 与 --data/--set 只能选一种（空白表可用 --set 选择协助方式）")
    if job.batch is not None and job.output is not None:
        raise UsageError("批量生成时用 --out-dir 指定目录，不能用 --output")
    if job.blank:
        chosen = blank_form(chosen, apply_sets({}, list(job.sets)))
    check_name_pattern(chosen, job.name)
    output = _output_target(job.output, pdf=job.pdf)
    if job.pdf:
        from gaozhi_cli.letters.pdf import soffice

        soffice()  # no LibreOffice: say so before anything is written
    request = LetterRequest.from_options(
        chosen.id,
        settings,
        catalog=job.catalog,
        item=job.item,
        templates=job.templates,
        base_docx=job.base_docx,
        exclude_list=job.exclude_list,
        blank=job.blank,
        calendar=job.calendar,
    )
    maker = LetterMaker.prepare(request)
    with closing(maker):
        return _generated(job, maker, output, progress)


def _generated(
    job: LetterJob, maker: LetterMaker, output: Path | None, progress: batch.Progress | None
) -> Generated:
    done = Generated(job.out_dir or Path("."), list(maker.warnings), job.pdf)
    if job.calendar:  # read now: a broken file is said before any letter, a replaced year noted
        from gaozhi_cli.calendar import load_calendar

        done.warnings += load_calendar(maker.request.calendar_files).notes
    if job.pdf and job.base_docx is None:  # a base document of the user's may name other fonts
        from gaozhi_cli.formats.gbt9704.standard import Fonts
        from gaozhi_cli.letters.pdf import font_note

        fonts = Fonts()
        note = font_note((fonts.body, fonts.title, fonts.heading1, fonts.heading2, fonts.page_number))
        done.warnings += [note] if note else []
    if maker.ledger is not None and not job.blank:
        folder = output.parent if output is not None else done.directory
        done.warnings += [
            f"上次出具到一半被终止，{display_path(p)} 已放到位却未登记到台账，已移除（其编号未生效，可重新出具）"
            for p in recover(maker.ledger, folder)
        ]
    if job.batch is not None:
        sources = list(read_batch(job.batch))
        if not sources:
            raise UsageError(f"批量文件 {display_path(job.batch)} 没有数据行")
        done.summary = batch.generate(
            maker,
            sources,
            done.directory,
            job.name,
            force=job.force,
            pdf=job.pdf,
            jobs=job.jobs,
            progress=progress,
        )
        return done
    source = None
    if not job.blank:
        source = read_letter_data(job.data) if job.data is not None else Source({})
        if job.sets:
            where = source.file if job.data is None else f"{source.file}（含 --set）"
            source = Source(apply_sets(source.data, list(job.sets)), where)
    try:
        done.issued = write_letter(
            maker,
            source,
            output=output,
            directory=done.directory,
            pattern=job.name,
            force=job.force,
            pdf=job.pdf,
        )
    except DataProblem as exc:
        done.refused = exc.message
        return done
    if job.pdf:
        from gaozhi_cli.letters.pdf import to_pdf

        done.pdf_problem = to_pdf([done.issued.path], force=job.force)[done.issued.path]
    return done


def _output_target(output: Path | None, *, pdf: bool) -> Path | None:
    """The .docx to write for ``-o``: a letter is a .docx; ``-o x.pdf`` needs ``--pdf`` and
    then writes x.docx beside it."""
    if output is None:
        return None
    suffix = output.suffix.lower()
    if suffix == ".pdf":
        if not pdf:
            raise UsageError(
                f"输出文件 {output.name} 是 .pdf，但文书生成为 Word 文件（.docx）：请加 --pdf 同时生成 PDF，"
                "或把输出文件名改为 .docx"
            )
        return output.with_suffix(".docx")
    if suffix != ".docx":
        raise UsageError(
            f"输出文件 {output.name} 应以 .docx 结尾（文书为 Word 文件；加 --pdf 另生成同名 .pdf）"
        )
    return output
