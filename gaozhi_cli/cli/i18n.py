"""Simplified Chinese for the words Typer prints itself: help headings and usage errors.

Typer keeps these as module constants and English f-strings; we replace the constants and
translate error messages on their way out. Every step is guarded, so a Typer release that
moves things falls back to English instead of breaking the command.
"""

from __future__ import annotations

import importlib.machinery
import re
import sys
from typing import Any

_HEADINGS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "REQUIRED_SHORT_STRING": "*",
    "DEPRECATED_STRING": "（已弃用）",
    "RICH_HELP": "用 [blue]{command_path} {help_option}[/] 查看帮助。",
}

_GETTEXT = {
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止！",
    "Missing command.": "缺少子命令。",
    "No such command {name!r}.": "没有这个命令：{name!r}。",
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
}

_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"No such option: (\S+) \(Possible options: (.+)\)"), "没有这个选项：{0}（相近的选项：{1}）"),
    (re.compile(r"No such option: (\S+)(?:\.)?(?: Did you mean (.+)\?)?"), "没有这个选项：{0}{1}"),
    (re.compile(r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?"), "没有这个命令：{0}{1}"),
    (re.compile(r"Missing argument '(.+?)'\.?"), "缺少参数 {0}"),
    (re.compile(r"Missing option '(.+?)'\.?"), "缺少选项 {0}"),
    (re.compile(r"Missing parameter: (.+)"), "缺少参数 {0}"),
    (re.compile(r"Missing command\.?"), "缺少子命令"),
    (re.compile(r"Option '(.+?)' requires an argument\.?"), "选项 {0} 需要一个值"),
    (re.compile(r"Option '(.+?)' does not take a value\.?"), "选项 {0} 不接受值"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "多余的参数：{0}"),
    (re.compile(r"Got unexpected extra argument\(s\) \((.+)\)"), "多余的参数：{0}"),
    (re.compile(r"Invalid value for (.+?): (.+)", re.S), "{0} 的值无效：{1}"),
    (re.compile(r"Value error, (.+)", re.S), "{0}"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), "应不小于 {0}"),
    (re.compile(r"Input should be less than or equal to (\S+)"), "应不大于 {0}"),
    (re.compile(r"Input should be a valid integer.*"), "应为整数"),
    (re.compile(r"'(.*?)' is not one of (.+?)\.?"), "“{0}”不是可选值之一：{1}"),
    (re.compile(r"'?(.*?)'? is not a valid (?:integer|int)\.?"), "“{0}”不是有效的整数"),
    (re.compile(r"'?(.*?)'? is not a valid (?:float|number)\.?"), "“{0}”不是有效的数字"),
    (re.compile(r"Value '?(.*?)'? is not a valid (\w+)\.?"), "“{0}”不是有效的值"),
    (re.compile(r"(?i:File|Path|Directory) '(.+?)' does not exist\.?"), "路径“{0}”不存在"),
    (re.compile(r"(?i:File|Path) '(.+?)' is a directory\.?"), "“{0}”是文件夹，这里需要文件"),
    (re.compile(r"(?i:Directory) '(.+?)' is a file\.?"), "“{0}”是文件，这里需要文件夹"),
    (re.compile(r"(?i:File|Path|Directory) '(.+?)' is not (?:readable|writable)\.?"), "“{0}”没有读写权限"),
]


def translate_error(message: str) -> str:
    """A Typer/click usage-error message in Chinese (unchanged if we do not know it)."""
    message = message.strip()
    for pattern, template in _ERRORS:
        m = pattern.fullmatch(message)
        if m is None:
            continue
        # click names an option with its short form as '--output' / '-o': keep the slash only
        groups = [(g or "").replace("' / '", " / ") for g in m.groups()]
        if "Did you mean" in message and len(groups) >= 2 and groups[1]:
            groups[1] = f"；是不是想用 {groups[1]}？"
        if template.startswith("{0} 的值无效"):
            groups[1] = translate_error(groups[1])
        elif template == "{0}":
            groups[0] = translate_error(groups[0])
        return template.format(*groups, "")
    return message


def apply() -> None:
    """Install the Chinese texts into Typer. Safe to call more than once.

    typer.rich_utils (with rich's markdown, syntax and traceback modules: a tenth of a second
    or more of every start) is needed only to show an error, so it is patched when Typer
    first imports it; ``--help`` calls our renderer straight from Typer's command classes."""
    try:
        import typer.core as core
    except ImportError:  # pragma: no cover
        return
    if hasattr(core, "_"):
        core._ = lambda text: _GETTEXT.get(text, text)
    _patch_format_help(core)
    _patch_usage_prefix()
    _patch_usage_names(core)
    _patch_help_option()
    _patch_type_column(core)
    if "typer.rich_utils" in sys.modules:
        _patch_rich_utils(sys.modules["typer.rich_utils"])
    elif not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())


class _PatchOnImport:
    """A meta path finder: finds typer.rich_utils as Python would, and patches it once it has run."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):  # pragma: no cover
            return spec
        run = loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            _patch_rich_utils(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _patch_format_help(core: Any) -> None:
    from gaozhi_cli.cli import helptext

    def format_help(self: Any, ctx: Any, formatter: Any) -> None:
        helptext.format_help(obj=self, ctx=ctx)

    for name in ("TyperCommand", "TyperGroup"):
        cls = getattr(core, name, None)
        if cls is not None and hasattr(cls, "format_help"):
            cls.format_help = format_help


def _patch_rich_utils(rich_utils: Any) -> None:
    for name, text in _HEADINGS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)
    from gaozhi_cli.cli import helptext

    rich_utils.rich_format_help = helptext.format_help
    original = getattr(rich_utils, "rich_format_error", None)
    if original is not None and not getattr(original, "_gaozhi", False):

        def rich_format_error(exc: Any) -> None:
            if hasattr(exc, "format_message"):
                english = exc.format_message

                def chinese() -> str:
                    from gaozhi_cli.identity import mask_ids_in_text

                    return mask_ids_in_text(_output_hint(exc, translate_error(english())))

                exc.format_message = chinese
            original(exc)

        rich_format_error._gaozhi = True  # type: ignore[attr-defined]
        rich_utils.rich_format_error = rich_format_error


def _output_hint(exc: Any, message: str) -> str:
    """``ledger export out.csv``: a file name given where the command takes it with -o."""
    extra = re.fullmatch(r"多余的参数：(\S+)", message)
    command = getattr(getattr(exc, "ctx", None), "command", None)
    if extra is None or command is None:
        return message
    if any("-o" in getattr(p, "opts", ()) for p in command.params):
        return f"{message}；写入文件请用 -o {extra[1]}"
    return message


def _patch_usage_prefix() -> None:
    try:
        from typer._click import formatting
    except ImportError:  # pragma: no cover - older Typer on real click
        return
    original = formatting.HelpFormatter.write_usage
    if getattr(original, "_gaozhi", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        original(self, prog, args, "用法：" if prefix is None else prefix)

    write_usage._gaozhi = True  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


def _patch_usage_names(core: Any) -> None:
    """Arguments in the usage line as the help shows them: 路径..., [代码], never {路径...}..."""
    cls = getattr(core, "TyperArgument", None)
    if cls is None or not hasattr(cls, "_usage_display_name"):
        return

    def usage_name(self: Any) -> str:
        name = self.display_name_raw
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required or name.startswith("[") else f"[{name}]"

    cls._usage_display_name = usage_name


def _patch_help_option() -> None:
    try:
        from typer._click import decorators
    except ImportError:  # pragma: no cover
        return
    original = decorators.help_option
    if getattr(original, "_gaozhi", False):
        return

    def help_option(param_decls: list[str]) -> Any:
        decorate = original(param_decls)

        def apply_to(command: Any) -> Any:
            command = decorate(command)
            command.params[-1].help = "显示本帮助并退出"
            return command

        return apply_to

    help_option._gaozhi = True  # type: ignore[attr-defined]
    decorators.help_option = help_option


_TYPE_WORDS = [
    (re.compile(r"^<bool>$"), ""),
    (re.compile(r"list\[(\w+)\]"), r"\1..."),
    (re.compile(r"\bint range\b|\bint\b|\binteger\b"), "整数"),
    (re.compile(r"\bfloat range\b|\bfloat\b"), "数字"),
    (re.compile(r"\b(?:text|str)\b"), "文本"),
    (re.compile(r"\b(?:Path|path|file|filename|directory)\b"), "路径"),
    (re.compile(r"\bdate(?:time)?\b"), "日期"),
]


def _chinese_type(text: str | None) -> str | None:
    if not text or "|" in text:  # choices are shown as the values the user types
        return text
    for pattern, replacement in _TYPE_WORDS:
        text = pattern.sub(replacement, text)
    return text or None


def _patch_type_column(core: Any) -> None:
    """The type column of option tables: <bool> disappears, <int> becomes <整数>, and so on."""
    for name in ("TyperOption", "TyperArgument"):
        cls = getattr(core, name, None)
        original = getattr(cls, "display_type_rich", None)
        if cls is None or original is None or getattr(original, "_gaozhi", False):
            continue

        def display_type_rich(self: Any, ctx: Any, _original: Any = original) -> str | None:
            return _chinese_type(_original(self, ctx))

        display_type_rich._gaozhi = True  # type: ignore[attr-defined]
        cls.display_type_rich = display_type_rich
