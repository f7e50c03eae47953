"""`gaozhi catalog validate` through the command line: exit codes, formats, configuration."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .helpers import catalog_yaml, valid_item


def _clean() -> str:
    return catalog_yaml(valid_item())


def _with_error() -> str:
    item = valid_item()
    item["设定依据"][0]["条款"] = "第第七条"
    return catalog_yaml(item)


def _with_warning() -> str:
    item = valid_item()
    item["设定依据"][0].pop("内容")
    return catalog_yaml(item)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in {"clean": _clean(), "error": _with_error(), "warning": _with_warning()}.items():
        path = tmp_path / "catalogs" / f"{name}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def test_clean_file_exits_zero_and_says_so(gaozhi, files) -> None:
    result = gaozhi("catalog", "validate", files["clean"])
    assert result.exit_code == 0, result.output
    assert "全部通过" in result.stdout


def test_error_exits_one_with_file_line_column(gaozhi, files) -> None:
    result = gaozhi("catalog", "validate", "--format", "concise", files["error"])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    path, line, column, rest = first.split(":", 3)
    assert path == "catalogs/error.yaml" and int(line) > 1 and int(column) >= 1
    assert rest.startswith(" GZ203 [错误] 条款“第第七条”")
    warned = [line for line in result.stdout.splitlines() if " [警告] " in line]
    assert all(re.match(r"\S+:\d+:\d+: GZ\d+ \[警告\] ", line) for line in warned)


def test_warnings_pass_unless_strict(gaozhi, files) -> None:
    assert gaozhi("catalog", "validate", files["warning"]).exit_code == 0
    assert gaozhi("catalog", "validate", "--strict", files["warning"]).exit_code == 1


def test_folder_is_searched_and_every_file_reported(gaozhi, files, tmp_path: Path) -> None:
    (tmp_path / "catalogs" / "notes.txt").write_text("not a catalogue")
    hidden = tmp_path / "catalogs" / ".git"
    hidden.mkdir()
    (hidden / "x.yaml").write_text("garbage: [")
    data = json.loads(gaozhi("catalog", "validate", "-f", "json", "catalogs").stdout)
    assert data["files"] == ["catalogs/clean.yaml", "catalogs/error.yaml", "catalogs/warning.yaml"]
    assert data["summary"] == {"files": 3, "items": 3, "errors": 1, "warnings": 1, "files_with_findings": 2}


def test_broken_files_do_not_stop_the_others(gaozhi, files, tmp_path: Path) -> None:
    (tmp_path / "catalogs" / "binary.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "catalogs" / "syntax.yaml").write_text("a: [\n")
    (tmp_path / "catalogs" / "empty.yaml").write_text("")
    result = gaozhi("catalog", "validate", "-f", "json", "catalogs")
    data = json.loads(result.stdout)
    by_file = {d["file"]: d["code"] for d in data["diagnostics"]}
    assert by_file["catalogs/binary.yaml"] == "GZ001"
    assert by_file["catalogs/syntax.yaml"] == "GZ001"
    assert by_file["catalogs/empty.yaml"] == "GZ003"
    assert "catalogs/error.yaml" in by_file
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_missing_path_is_a_usage_error(gaozhi) -> None:
    result = gaozhi("catalog", "validate", "nowhere.yaml")
    assert result.exit_code == 2 and "找不到文件或目录：nowhere.yaml" in result.stderr


def test_unknown_code_in_select_is_a_usage_error(gaozhi, files) -> None:
    result = gaozhi("catalog", "validate", "--select", "GZ9", files["clean"])
    assert result.exit_code == 2 and "GZ9" in result.stderr


def test_select_and_ignore(gaozhi, files) -> None:
    assert gaozhi("catalog", "validate", "--ignore", "GZ203", files["error"]).exit_code == 0
    assert gaozhi("catalog", "validate", "--select", "GZ5,GZ6", files["error"]).exit_code == 0
    assert gaozhi("catalog", "validate", "--select", "GZ2", files["error"]).exit_code == 1


def test_config_file_found_upward(gaozhi, files, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "gaozhi.toml").write_text('ignore = ["GZ203"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "catalogs")
    assert gaozhi("catalog", "validate", "error.yaml").exit_code == 0


def test_pyproject_tool_section_and_per_file_ignores(gaozhi, files, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.gaozhi.per-file-ignores]\n"catalogs/err*.yaml" = ["GZ2"]\n',
        encoding="utf-8",
    )
    assert gaozhi("catalog", "validate", "catalogs/error.yaml").exit_code == 0
    assert gaozhi("catalog", "validate", "--strict", "catalogs/warning.yaml").exit_code == 1


def test_bad_config_is_a_usage_error_naming_the_key(gaozhi, files, tmp_path: Path) -> None:
    (tmp_path / "gaozhi.toml").write_text('ignroe = ["GZ203"]\n', encoding="utf-8")
    result = gaozhi("catalog", "validate", files["clean"])
    assert result.exit_code == 2 and "未知配置项“ignroe”" in result.stderr
    (tmp_path / "gaozhi.toml").write_text("ignore = [\n", encoding="utf-8")
    assert "不是有效的 TOML" in gaozhi("catalog", "validate", files["clean"]).stderr
    (tmp_path / "gaozhi.toml").write_text('[extend-domain-keywords]\n公共安全 = ["x"]\n', encoding="utf-8")
    stderr = gaozhi("catalog", "validate", files["clean"]).stderr
    assert "第 2 行第 1 列有语法错误" in stderr and "Invalid" not in stderr  # tomllib's English stays out


def test_explicit_config_option(gaozhi, files, tmp_path: Path) -> None:
    config = tmp_path / "ci.toml"
    config.write_text('profile = "letters"\n', encoding="utf-8")
    item = valid_item(告知=None)
    path = tmp_path / "notice.yaml"
    path.write_text(catalog_yaml(item), encoding="utf-8")
    assert gaozhi("catalog", "validate", path).exit_code == 0
    assert gaozhi("catalog", "validate", "--config", config, path).exit_code == 1
    assert gaozhi("catalog", "validate", "--profile", "letters", path).exit_code == 1


def test_github_annotations_are_escaped(gaozhi, files) -> None:
    out = gaozhi("catalog", "validate", "-f", "github", files["error"]).stdout.splitlines()
    assert out[0].startswith("::error title=gaozhi GZ203 basis-no-article,file=catalogs/error.yaml,line=")
    assert ",col=" in out[0]
    assert "\n" not in out[0]


def test_gitlab_code_quality(gaozhi, files) -> None:
    issues = json.loads(gaozhi("catalog", "validate", "-f", "gitlab", "catalogs").stdout)
    assert {i["severity"] for i in issues} == {"major", "minor"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert all(i["location"]["positions"]["begin"]["line"] >= 1 for i in issues)
    assert all(i["location"]["lines"]["begin"] == i["location"]["positions"]["begin"]["line"] for i in issues)


def test_sarif_has_rule_metadata_and_locations(gaozhi, files) -> None:
    sarif = json.loads(gaozhi("catalog", "validate", "-f", "sarif", "catalogs").stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"GZ001", "GZ201", "GZ602"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_junit_has_a_case_per_item(gaozhi, files) -> None:
    root = ET.fromstring(gaozhi("catalog", "validate", "-f", "junit", "catalogs").stdout)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    error_suite = suites["catalogs/error.yaml"]
    cases = [c.get("name") for c in error_suite.iter("testcase")]
    assert cases == ["文件", "序号 1 无犯罪记录证明"]
    assert error_suite.find("testcase[@name='序号 1 无犯罪记录证明']/failure") is not None
    assert suites["catalogs/clean.yaml"].find(".//failure") is None


def test_output_file_is_not_overwritten_without_force(gaozhi, files, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    assert gaozhi("catalog", "validate", "-f", "sarif", "-o", report, files["clean"]).exit_code == 0
    first = report.read_text(encoding="utf-8")
    result = gaozhi("catalog", "validate", "-f", "json", "-o", report, files["clean"])
    assert result.exit_code == 2 and "已存在" in result.stderr
    assert report.read_text(encoding="utf-8") == first
    assert gaozhi("catalog", "validate", "-f", "json", "-o", report, "--force", files["clean"]).exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["files"] == 1


def test_parallel_and_serial_runs_agree(gaozhi, files) -> None:
    serial = gaozhi("catalog", "validate", "-f", "json", "-j", "1", "catalogs").stdout
    parallel = gaozhi("catalog", "validate", "-f", "json", "-j", "3", "catalogs").stdout
    assert serial == parallel


def test_text_format_groups_by_file(gaozhi, files) -> None:
    out = gaozhi("catalog", "validate", "catalogs").stdout
    assert "catalogs/error.yaml" in out and "catalogs/clean.yaml" not in out
    assert "序号 1 · 设定依据[1].条款" in out
    assert "1 个错误，1 个警告" in out
