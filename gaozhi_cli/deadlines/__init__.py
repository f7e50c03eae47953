"""Working-day deadline compliance from exported case logs.

from gaozhi_cli.deadlines import DeadlineReport, Options, load_rules, tally
report = DeadlineReport(Path("导出.csv"), load_rules(), default_calendar(), Options(as_of=today))
for row in report.results(): ...          # every row under every rule that applies, streamed
summary = tally(path, rules, calendar, options, jobs=2)   # counts only, on both cores
"""

from gaozhi_cli.deadlines.columns import CASE_ID, DEPARTMENT, read_column_map
from gaozhi_cli.deadlines.evaluate import DeadlineReport
from gaozhi_cli.deadlines.model import Options, RowResult, Status
from gaozhi_cli.deadlines.parallel import tally, write_rows
from gaozhi_cli.deadlines.rules import DeadlineRule, Limit, load_rules, read_rules
from gaozhi_cli.deadlines.summary import Summary, Tally

__all__ = [
    "CASE_ID",
    "DEPARTMENT",
    "DeadlineReport",
    "DeadlineRule",
    "Limit",
    "Options",
    "RowResult",
    "Status",
    "Summary",
    "Tally",
    "load_rules",
    "read_column_map",
    "read_rules",
    "tally",
    "write_rows",
]
