"""Date cells of an export, parsed once per distinct value.

An export repeats a few thousand dates across millions of rows, so cell text → date is a
dict lookup after the first time. Platforms that export timestamps make every cell distinct;
for those the date part and the time part are each checked once per distinct value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any

from gaozhi_cli.dates import TIME_OF_DAY, is_no_date, parse_date

BLANK = date.min  # an empty cell
_UNSEEN = object()
CACHE_MAX = 100_000
# The time part that dates.parse_date accepts after a separated date (2021-03-16 09:30:00).
_TIME = re.compile(rf"\s*{TIME_OF_DAY}\s*")


class DateCells(dict[str, date | None]):
    """``cells[text]``: the date in a cell, BLANK for an empty one (or 0000-00-00, a database's
    empty date), None when it is no date."""

    def __init__(self) -> None:
        super().__init__()
        self._times: dict[str, bool] = {"": True}  # time part -> is one ("" is no time part)
        self._heads: dict[str, date] = {}  # date parts of timestamps in the separated forms

    def column(self, cells: Sequence[str]) -> list[date | None]:
        """``[cells[text] for text in cells]`` in C-level loops: timestamps (2021-03-16
        09:30:00) whose date part and time part have each been seen cost lookups, and only
        texts never seen in either way cost a Python call."""
        found: list[Any] = list(map(self.get, cells, repeat(_UNSEEN)))
        if _UNSEEN not in found:  # a scan that stops at the first miss
            return found
        misses = list(compress(range(len(found)), map(is_, found, repeat(_UNSEEN))))
        texts = list(map(cells.__getitem__, misses))
        parts = list(map(str.partition, texts, repeat(" ")))
        heads = list(map(self._heads.get, map(itemgetter(0), parts)))
        times = list(map(self._times.get, map(itemgetter(2), parts)))
        if all(times) and None not in heads:  # every one a known timestamp
            for i, day in zip(misses, heads, strict=True):  # a pass over the misses, not the batch
                found[i] = day
            return found
        for i, text, day, is_time in zip(misses, texts, heads, times, strict=True):
            found[i] = day if is_time and day is not None else self[text]
        return found

    def __missing__(self, text: str) -> date | None:
        # "2021-03-16 09:30:00": the date part and the time part are each looked up.
        head, space, tail = text.partition(" ")
        if space and head and self._times.get(tail) and not head.isdigit():
            found = self[head]
            if found is not None:
                self._heads[head] = found
                return found
        return self._parse(text)

    def _parse(self, text: str) -> date | None:
        stripped = text.strip()
        cut = stripped.find(" ") if " " in stripped else stripped.find("T")
        if cut > 0 and self._is_time(stripped[cut + 1 :]) and not stripped[:cut].isdigit():
            found = self[stripped[:cut]]
            return found if found is not None else parse_date(text)
        found = parse_date(text) if stripped and not is_no_date(stripped) else BLANK
        if len(self) < CACHE_MAX:
            self[text] = found
        return found

    def _is_time(self, tail: str) -> bool:
        found = self._times.get(tail)
        if found is None:
            found = _TIME.fullmatch(tail) is not None
            if len(self._times) < CACHE_MAX:
                self._times[tail] = found
        return found
