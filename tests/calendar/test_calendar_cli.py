"""``gaozhi calendar due / show / template`` through the public command."""

from __future__ import annotations

from calendar_oracle import flat


def test_due_prints_the_deadline_and_the_days_skipped(gaozhi):
    result = gaozhi("calendar", "due", "2025-10-01", "3")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "截止日：2025年10月11日（星期六，国庆节调休上班）" in out
    assert "其间跳过的休息日（7天）" in out
    assert "2025年10月6日（星期一，中秋放假）" in out


def test_due_with_start_on_next_workday(gaozhi):
    result = gaozhi("calendar", "due", "2025年10月1日", "3", "--start-on-next-workday")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "视为2025年10月9日（星期四，工作日）收到" in out
    assert "截止日：2025年10月13日（星期一，工作日）" in out


def test_due_zero_is_the_same_day(gaozhi):
    result = gaozhi("calendar", "due", "20251114", "0")
    assert "截止日：2025年11月14日（星期五，工作日）" in flat(result.stdout)
    assert "跳过" not in result.stdout


def test_due_in_a_year_without_data_is_refused_with_how_to_add_it(gaozhi):
    result = gaozhi("calendar", "due", "2199-03-02", "3")
    assert result.exit_code == 2
    err = flat(result.stderr)
    assert "缺少2199年的节假日安排数据" in err
    assert "gaozhicalendartemplate2199" in err
    assert "Traceback" not in result.output


def test_due_rejects_a_bad_date_and_a_negative_limit(gaozhi):
    bad = gaozhi("calendar", "due", "2025-13-01", "3")
    assert bad.exit_code == 2 and "不是可识别的日期" in flat(bad.stderr)
    negative = gaozhi("calendar", "due", "2025-10-01", "-1")
    assert negative.exit_code == 2


def test_due_uses_a_year_file_from_the_command_line_and_from_the_config(gaozhi, tmp_path):
    (tmp_path / "2199.yaml").write_text(
        "年份: 2199\n文号: 测试〔2198〕1号\n节假日:\n  - 名称: 元旦\n    开始: 2199-01-01\n    结束: 2199-01-03\n",
        encoding="utf-8",
    )
    direct = gaozhi("calendar", "due", "2199-01-01", "1", "--calendar", tmp_path / "2199.yaml")
    assert "截止日：2199年1月4日（星期五，工作日）" in flat(direct.stdout), direct.output
    (tmp_path / "gaozhi.toml").write_text('[deadlines]\ncalendar = ["2199.yaml"]\n', encoding="utf-8")
    configured = gaozhi("calendar", "due", "2199-01-01", "1")
    assert "2199年1月4日" in flat(configured.stdout), configured.output


def test_show_prints_the_month_grid_and_the_holidays(gaozhi):
    result = gaozhi("calendar", "show", "2025")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2025 年工作日日历" in out
    assert "10月" in out and "11班" in out and " 1休" in out  # 10-11 make-up Saturday, 10-01 off
    flat_out = flat(out)
    assert "国庆节、中秋：10月1日—10月8日放假，共8天" in flat_out
    assert "10月11日（星期六，国庆节）" in flat_out
    assert "chinese-calendar" in flat_out


def test_show_a_year_without_data(gaozhi):
    result = gaozhi("calendar", "show", "2199")
    assert result.exit_code == 2
    assert "缺少2199年" in flat(result.stderr)
    for year in ("99999", "1949"):  # 99999 once ended in 内部错误 (no date holds that year)
        out_of_range = gaozhi("calendar", "show", year)
        assert out_of_range.exit_code == 2 and "内部错误" not in out_of_range.output
        assert "年份" in flat(out_of_range.stderr)


def test_template_writes_a_file_and_does_not_overwrite(gaozhi, tmp_path):
    first = gaozhi("calendar", "template", "2199", "-o", "2199.yaml")
    assert first.exit_code == 0, first.output
    assert "年份: 2199" in (tmp_path / "2199.yaml").read_text(encoding="utf-8")
    again = gaozhi("calendar", "template", "2199", "-o", "2199.yaml")
    assert again.exit_code == 2 and "--force" in flat(again.stderr)
    unfilled = gaozhi("calendar", "due", "2199-01-01", "1", "--calendar", "2199.yaml")
    assert unfilled.exit_code == 2 and "缺少“开始”" in flat(unfilled.stderr)
