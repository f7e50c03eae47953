"""PDF copies through LibreOffice (``soffice --headless --convert-to pdf``), when installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from gaozhi_cli.errors import GaozhiError
from gaozhi_cli.files import atomic_write, display_path

CHUNK = 40  # documents per LibreOffice start (about 0.2 s each once started)


class PdfUnavailable(GaozhiError):
    pass


def soffice() -> str:
    """The LibreOffice command, or PdfUnavailable with what to do."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise PdfUnavailable(
            "未找到 LibreOffice（soffice 命令），无法生成 PDF。请安装 LibreOffice"
            "（Debian/Ubuntu/统信/麒麟：sudo apt install libreoffice-writer-nogui；Windows：安装 LibreOffice "
            "并把其 program 目录加入 PATH），或去掉 --pdf 只生成 .docx"
        )
    return found


def font_note(families: Iterable[str]) -> str | None:
    """What LibreOffice will put in place of the 公文's typefaces this machine lacks, said
    before the PDFs are made: a PDF set in other fonts is not in the GB/T 9704 form. None when
    all are there, or where fontconfig cannot be asked (Windows: LibreOffice uses its fonts)."""
    wanted = list(dict.fromkeys(families))
    fc_list = shutil.which("fc-list")
    if fc_list is None or not wanted:
        return None
    try:
        found = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    known = {name.strip() for line in found.stdout.splitlines() for name in line.split(",")}
    missing = [f for f in wanted if f not in known]
    if not missing:
        return None
    return (
        f"本机没有字体 {'、'.join(missing)}：PDF 中由 LibreOffice 以其他字体代替，字形和版面可能与公文格式"
        "（GB/T 9704）不符；.docx 不受影响。需要合规的 PDF，请安装这些字体后重新生成，或在 WPS、Word 中另存为 PDF"
    )


def to_pdf(documents: Sequence[Path], *, force: bool) -> dict[Path, str | None]:
    """Convert each .docx to a .pdf beside it. Returns, per document, None or the problem.

    LibreOffice runs with a profile of its own, so that it neither waits for nor disturbs a
    LibreOffice the user has open; its output lands in a temporary folder and is then written
    atomically, so an existing PDF is never replaced without ``force``.
    """
    command = soffice()
    outcome: dict[Path, str | None] = {}
    with tempfile.TemporaryDirectory(prefix="gaozhi-pdf-") as tmp:
        profile = (Path(tmp) / "profile").as_uri()
        for start in range(0, len(documents), CHUNK):
            chunk = list(documents[start : start + CHUNK])
            out = Path(tmp) / f"out{start}"
            try:
                subprocess.run(
                    [
                        command,
                        f"-env:UserInstallation={profile}",
                        "--headless",
                        "--norestore",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        str(out),
                        *map(str, chunk),
                    ],
                    capture_output=True,
                    timeout=120 + 10 * len(chunk),
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                for doc in chunk:
                    outcome[doc] = f"LibreOffice 转换失败（{exc}）"
                continue
            for doc in chunk:
                produced = out / (doc.stem + ".pdf")
                if not produced.is_file():
                    outcome[doc] = f"LibreOffice 没有生成 {display_path(doc)} 的 PDF"
                    continue
                try:
                    atomic_write(doc.with_suffix(".pdf"), produced.read_bytes(), force=force)
                    outcome[doc] = None
                except GaozhiError as exc:
                    outcome[doc] = exc.message
    return outcome
