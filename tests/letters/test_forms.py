"""The form registry: one module per form, each with a model, an example and a builder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gaozhi_cli.errors import UsageError
from gaozhi_cli.letters.form import Lookup
from gaozhi_cli.letters.forms import find_form, forms

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "letters"
FORMS_DIR = Path(__file__).resolve().parents[2] / "gaozhi_cli" / "letters" / "forms"


def test_every_form_module_registers_one_form_in_annex_order() -> None:
    modules = sorted(p.stem for p in FORMS_DIR.glob("*.py") if p.stem != "__init__")
    assert len(modules) == len(forms()) == 7
    assert [f.annex for f in forms().values()] == [
        "附件1",
        "附件4",
        "附件5",
        "附件6",
        "附件7（一）",
        "附件7（二）",
        "附件8",
    ]


@pytest.mark.parametrize("form_id", forms())
def test_each_example_is_valid_data_and_builds_a_context(form_id: str) -> None:
    from gaozhi_cli.catalog import load_catalog
    from gaozhi_cli.config import Settings

    catalog, _ = load_catalog(EXAMPLES / "catalog.yaml", Settings.model_validate({}))
    form = forms()[form_id]
    data = form.model.model_validate(form.example)
    item = catalog.item(1) if form.uses_item else None
    filled = form.prepare(data, Lookup(catalog, item))
    blank = form.prepare(None, Lookup())
    assert blank.context["空白" if "空白" in blank.context else next(iter(blank.context))] is not False
    assert filled.context != blank.context
    with pytest.raises(TypeError):
        form.prepare(
            forms()["liaison" if form_id != "liaison" else "commitment"].model.model_construct(), Lookup()
        )


def test_forms_are_found_by_id_chinese_name_annex_or_title() -> None:
    assert find_form("附件7（二）").id == "assist-visit"
    assert find_form("申请行政协助函").id == "assist-request"
    assert find_form("回复函").id == "assist-reply"
    with pytest.raises(UsageError, match="没有文书种类"):
        find_form("证明书")


def test_validating_letter_data_does_not_load_python_docx() -> None:
    code = (
        "import sys\n"
        "from gaozhi_cli.letters.forms import forms\n"
        "f = forms()['assist-reply']\n"
        "f.model.model_validate(f.example)\n"
        "print('docx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_output_named_pdf_needs_pdf(gaozhi, catalog: Path) -> None:
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "-o", "联络表.pdf")
    assert result.exit_code == 2 and "请加 --pdf" in result.output
    assert not list(Path().glob("联络表*"))
    result = gaozhi("letter", "generate", "liaison", "-c", catalog, "-o", "联络表.txt")
    assert result.exit_code == 2 and "应以 .docx 结尾" in result.output


def test_blank_form_takes_only_the_choice_of_form(gaozhi) -> None:
    result = gaozhi("letter", "generate", "assist-request", "--blank", "--set", "申请人.姓名=张三")
    assert result.exit_code == 2 and "--set 只能选择 协助方式" in result.output
    result = gaozhi("letter", "generate", "liaison", "--blank", "--set", "联络员=李晓梅")
    assert result.exit_code == 2 and "空白表不填数据" in result.output


def test_long_batch_names_keep_their_extension() -> None:
    from gaozhi_cli.files import safe_filename

    name = safe_filename("告知承诺书-" + "很长的单位名称" * 40, suffix=".docx")
    assert name.endswith(".docx") and len(name.encode()) <= 200
    assert safe_filename("a" * 300 + ".pdf").endswith(".pdf")
