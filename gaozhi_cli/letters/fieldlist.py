"""What ``gaozhi letter fields`` shows: the fields of a form's data, and an example file."""

from __future__ import annotations

import io
import types
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel

from gaozhi_cli.letters.form import Form
from gaozhi_cli.modelbase import nested_model


def _type_label(annotation: Any) -> str:
    if nested_model(annotation) is not None:
        inner = nested_model(annotation)
        return "映射或顺序号" if inner is not None and "_scalar" in vars(inner) else "映射"
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        labels = [_type_label(a) for a in args if a is not type(None)]
        return " 或 ".join(dict.fromkeys(label for label in labels if label))
    if origin is list:
        return "列表"
    if origin is typing.Literal:
        return "、".join(map(str, args))
    return {str: "文本", int: "整数", bool: "是/否", date: "日期"}.get(annotation, "")


def field_rows(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(字段, 必填, 类型, 说明) for every field, nested fields as 申请人.姓名."""
    rows = []
    for name, info in model.model_fields.items():
        label = f"{prefix}{info.alias or name}"
        rows.append(
            (label, "是" if info.is_required() else "", _type_label(info.annotation), info.description or "")
        )
        inner = nested_model(info.annotation)
        if inner is not None:
            rows.extend(field_rows(inner, f"{label}."))
    return rows


def example_yaml(form: Form[Any]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    buffer = io.StringIO()
    buffer.write(f"# {form.label}（gaozhi letter generate {form.id} --data 本文件）\n")
    if form.example:
        yaml.dump(form.example, buffer)
    else:
        buffer.write("# 全部字段取自目录“联络”，需要时在此覆盖，如：\n# 联络员: 李晓梅\n")
    return buffer.getvalue()
