"""Texts a user adds to the statute book: a province's local regulations, a law amended after
the snapshot. Same Markdown form as the national database (``gaozhi statutes add`` checks
each file and copies it into the folder named by ``[statutes] extra`` in gaozhi.toml)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gaozhi_cli.files import NotTextError, decode_bytes, display_path, os_reason
from gaozhi_cli.statutes.assemble import LEVELS, Part, assemble, read_part
from gaozhi_cli.statutes.model import Document
from gaozhi_cli.statutes.text import Problem, day_from_name

SUFFIX = ".md"
MAX_SIZE = 5 * 1024**2  # the longest national law (the civil code) is under 1 MB


@dataclass(slots=True)
class UserTexts:
    documents: list[Document] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file read (problems: statutes add)


def text_files(paths: Iterable[Path]) -> list[Path]:
    """Markdown files named directly or found under the folders (hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob(f"*{SUFFIX}")
                if not any(s.startswith(".") for s in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
    return [p for p in found if p.name not in ("README.md", "_index.md")]


def read_parts(files: Sequence[Path]) -> tuple[list[Part], list[tuple[str, Problem]]]:
    parts: list[Part] = []
    problems: list[tuple[str, Problem]] = []
    for path in files:
        shown = display_path(path)
        try:
            if path.stat().st_size > MAX_SIZE:
                problems.append(
                    (shown, Problem(1, f"文件超过 {MAX_SIZE // 1024**2} MB，不像一部法规的文本，未读取"))
                )
                continue
            text = decode_bytes(path.read_bytes()).text
        except OSError as exc:
            problems.append((shown, Problem(1, f"无法读取（{os_reason(exc)}）")))
            continue
        except NotTextError as exc:
            problems.append((shown, Problem(1, exc.message)))
            continue
        part = read_part(shown, text, day=day_from_name(path.name), level=None)
        if part.file.title and not part.level:
            part.file.problems.append(
                Problem(1, "无法判断效力层级：请在标题下加一行“效力层级：地方性法规”（或 法律、行政法规 等）")
            )
        elif part.level and part.level not in LEVELS:
            part.file.problems.append(Problem(1, f"效力层级“{part.level}”不是 {'、'.join(LEVELS)} 之一"))
            part.level = ""
        parts.append(part)
    return parts, problems


def read_folders(paths: Sequence[Path]) -> UserTexts:
    """Every usable text under ``paths``, assembled into documents (``statutes add`` has
    reported the problems of the others)."""
    files = text_files(paths)
    parts, _ = read_parts(files)
    usable = [p for p in parts if p.level]
    assembled = assemble(usable)
    for n, doc in enumerate(assembled.documents):
        doc.texts = assembled.texts[n]
        doc.origin = "user"
    return UserTexts(assembled.documents, [display_path(f) for f in files])
