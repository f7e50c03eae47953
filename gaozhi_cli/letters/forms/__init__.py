"""The form registry: every module of this package defines one ``FORM``.

Modules are discovered, so adding a form touches one module, one template and its test;
forms are listed in the order of the annexes.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from typing import Any

from gaozhi_cli.errors import UsageError
from gaozhi_cli.letters.form import Form

AnyForm = Form[Any]


def _annex_order(form: AnyForm) -> tuple[int, str]:
    m = re.search(r"\d+", form.annex)
    return (int(m.group()) if m else 0, form.annex)


@cache
def forms() -> dict[str, AnyForm]:
    """Every form by its English id, in the order of the annexes."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        form = getattr(module, "FORM", None)
        if isinstance(form, Form):
            found.append(form)
    return {f.id: f for f in sorted(found, key=_annex_order)}


def find_form(name: str) -> AnyForm:
    """A form by its English id, Chinese name, annex (附件4) or alias."""
    wanted = name.strip()
    for form in forms().values():
        if wanted.lower() == form.id or wanted in (form.name, form.annex, form.title, *form.aliases):
            return form
    names = "、".join(f"{f.id}（{f.name}）" for f in forms().values())
    raise UsageError(f"没有文书种类“{name}”；可用：{names}")
