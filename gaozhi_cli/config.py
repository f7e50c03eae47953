"""Project settings: ``gaozhi.toml``, or ``[tool.gaozhi]`` in a ``pyproject.toml``.

The nearest one found upward from the working directory applies (``--config`` names one
explicitly). Paths inside it are relative to the file. Keys are kebab-case, like ruff's.

    select = ["GZ"]                     # rule codes or prefixes to run
    ignore = ["GZ205"]
    extend-vague-phrases = ["另行规定"]
    [per-file-ignores]
    "legacy/*.yaml" = ["GZ206"]
    [extend-domain-keywords]
    公共安全 = ["大型群众性活动"]
    [deadlines]
    calendar = ["calendar/2027.yaml"]
    [statutes]
    extra = ["法规"]                     # texts added with gaozhi statutes add
    [ledger]
    path = "台账.db"                      # or url = "postgresql://…" for a ledger shared by a city
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gaozhi_cli.errors import UsageError
from gaozhi_cli.files import display_path
from gaozhi_cli.modelbase import field_path, reason

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXCLUDED_DOMAINS = (
    "国家安全",
    "国家秘密",
    "公共安全",
    "金融业审慎监管",
    "生态环境保护",
    "人身健康",
    "生命财产安全",
    "重要涉外",
)

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|K|M|G|B)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2, "G": 1024**3, "GB": 1024**3}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class DeadlineSettings(_Section):
    calendar: list[Path] = Field(default_factory=list, description="额外的节假日安排 YAML 文件")
    rules: Path | None = Field(None, description="时限规则 YAML 文件（替换或补充内置规则）")
    columns: Path | None = Field(None, description="列名映射 YAML 文件")
    warn_days: int | None = Field(None, alias="warn-days", ge=0)
    start_on_next_workday: bool = Field(False, alias="start-on-next-workday")
    target: float | None = Field(None, ge=0, le=100, description="按期率目标（百分数，html 条形图按它着色）")
    catalog: list[Path] = Field(
        default_factory=list, description="证明事项目录文件或文件夹：核查时限按目录计算"
    )


class LetterSettings(_Section):
    catalog: Path | None = Field(None, description="默认的证明事项目录文件（--catalog）")
    templates: Path | None = Field(None, description="自定义模板目录")
    base_docx: Path | None = Field(None, alias="base-docx", description="自定义底稿 .docx")
    exclude_list: Path | None = Field(
        None, alias="exclude-list", description="不适用告知承诺制的申请人名单 CSV"
    )


class LedgerSettings(_Section):
    path: Path | None = Field(None, description="台账文件（SQLite），如 台账.db")
    url: str | None = Field(
        None, description="共用台账的 PostgreSQL 地址，如 postgresql://用户@服务器/数据库"
    )
    secret: Path | None = Field(
        None,
        description="台账密钥文件（默认：台账文件旁的 .key；PostgreSQL 时为配置文件旁的 gaozhi-ledger.key）",
    )
    department: str | None = Field(None, description="本部门名称：按承诺书编号找案件时的默认部门")

    @model_validator(mode="after")
    def _one_place(self) -> LedgerSettings:
        if self.path is not None and self.url is not None:
            raise ValueError("path 与 url 只能写一个（SQLite 文件或 PostgreSQL 服务器）")
        if self.url is not None and not self.url.startswith(("postgresql://", "postgres://")):
            raise ValueError("url 应以 postgresql:// 开头")
        return self


class StatuteSettings(_Section):
    extra: list[Path] = Field(
        default_factory=list, description="用户添加的法规文本所在的文件夹（gaozhi statutes add 写入第一个）"
    )


class Settings(_Section):
    """All settings of one project."""

    select: list[str] = Field(default_factory=lambda: ["GZ"])
    ignore: list[str] = Field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    extend_vague_phrases: list[str] = Field(default_factory=list, alias="extend-vague-phrases")
    extend_domain_keywords: dict[str, list[str]] = Field(default_factory=dict, alias="extend-domain-keywords")
    profile: Literal["default", "letters"] = "default"
    max_file_size: int = Field(10 * 1024**2, alias="max-file-size")
    deadlines: DeadlineSettings = Field(default_factory=DeadlineSettings)
    letter: LetterSettings = Field(default_factory=LetterSettings)
    statutes: StatuteSettings = Field(default_factory=StatuteSettings)
    ledger: LedgerSettings = Field(default_factory=LedgerSettings)
    source: Path | None = Field(None, exclude=True)  # the file these came from

    @field_validator("max_file_size", mode="before")
    @classmethod
    def _size(cls, value: Any) -> Any:
        if isinstance(value, str):
            m = _SIZE.fullmatch(value)
            if not m:
                raise ValueError("应为大小，如 10MB")
            return int(float(m.group(1)) * _UNITS[(m.group(2) or "").upper()])
        return value

    @field_validator("extend_domain_keywords")
    @classmethod
    def _domains(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = [k for k in value if k not in EXCLUDED_DOMAINS]
        if unknown:
            raise ValueError(f"“{unknown[0]}”不是排除领域之一（{'、'.join(EXCLUDED_DOMAINS)}）")
        return value

    @property
    def base_dir(self) -> Path:
        return self.source.parent if self.source else Path.cwd()

    @property
    def calendar_files(self) -> tuple[Path, ...]:
        """The holiday-notice files of ``[deadlines] calendar``, resolved."""
        return tuple(self.resolve(p) for p in self.deadlines.calendar)

    @property
    def statute_folders(self) -> tuple[Path, ...]:
        """The folders of ``[statutes] extra``, resolved: texts added to the statute book."""
        return tuple(self.resolve(p) for p in self.statutes.extra)

    def resolve(self, path: Path) -> Path:
        """A path written in the config file, made absolute relative to that file."""
        return path if path.is_absolute() else self.base_dir / path

    def with_rule_options(
        self, *, select: list[str] | None = None, ignore: list[str] | None = None, profile: str | None = None
    ) -> Settings:
        """These settings with the command line's rule options over them: ``--select`` replaces
        the configured selection, ``--ignore`` adds to it (``GZ2,GZ301`` or several options)."""
        changes: dict[str, object] = {}
        if select:
            changes["select"] = split_codes(select)
        if ignore:
            changes["ignore"] = [*self.ignore, *split_codes(ignore)]
        if profile is not None:
            changes["profile"] = profile
        return self.model_copy(update=changes) if changes else self


def split_codes(values: list[str] | None) -> list[str]:
    """``--select GZ2,GZ301 --select GZ4`` -> ['GZ2', 'GZ301', 'GZ4']."""
    return [c.strip().upper() for v in values or [] for c in v.replace("，", ",").split(",") if c.strip()]


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``gaozhi.toml`` or ``pyproject.toml`` with ``[tool.gaozhi]``, upward."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        own = directory / "gaozhi.toml"
        if own.is_file():
            return own
        project = directory / "pyproject.toml"
        if project.is_file() and "tool" in _read_toml(project) and "gaozhi" in _read_toml(project)["tool"]:
            return project
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        return data
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"配置文件 {display_path(path)} 不是有效的 TOML：{_toml_where(str(exc))}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"无法读取配置文件 {display_path(path)}：{exc}") from exc


def load_settings(path: Path | None = None, *, start: Path | None = None) -> Settings:
    """Settings from ``path``, or from the nearest config file, or the defaults."""
    if path is not None and not path.is_file():
        raise UsageError(f"找不到配置文件：{path}")
    found = path or find_config(start)
    if found is None:
        return Settings()
    raw = _read_toml(found)
    if found.name == "pyproject.toml":
        raw = raw.get("tool", {}).get("gaozhi", {})
    try:
        return Settings.model_validate({**raw, "source": found})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in field_path(tuple(err["loc"])))
        shown = display_path(found)
        if err["type"] == "extra_forbidden":
            raise UsageError(f"配置文件 {shown}：未知配置项“{where}”") from None
        raise UsageError(f"配置文件 {shown}：配置项“{where}”无效（{reason(err, 'toml')}）") from None


def _toml_where(message: str) -> str:
    """Where tomllib stopped, in Chinese (its message is English): 第 3 行第 1 列有语法错误."""
    import re

    m = re.search(r"at line (\d+), column (\d+)", message)
    if m:
        where = f"第 {m.group(1)} 行第 {m.group(2)} 列"
    else:
        where = "文件末尾" if "end of document" in message else "某处"
    return f'{where}有语法错误（中文键名要加引号，如 "公共安全" = [...]；字符串要加引号）'
