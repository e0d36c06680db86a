"""The XLSX side of the list kit's export: typed cells a spreadsheet can sort and add up.

A cell is a number when the column's text is that number, a date or a date and time
when its text is that moment (in the viewer's time zone, since Excel knows no zones:
converted, then the zone dropped), and text otherwise -- formula-guarded and with any
stored control character escaped, as in the CSV. The header row holds the labels people
see on the page, is frozen, and carries a filter over the data; the sheet is named
after the list.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.dates import SPREADSHEET_DATE, SPREADSHEET_DATETIME

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
WIDEST_COLUMN = 60


def sheet_name(caption: str) -> str:
    """The list's caption as Excel accepts a sheet's name (cut at a word when too long)."""
    name = " ".join(SHEET_NAME_REFUSED.sub(" ", caption).split()).strip("'")
    if len(name) > SHEET_NAME_MAX:
        cut = name[: SHEET_NAME_MAX + 1].rsplit(" ", 1)[0]
        name = cut if cut and len(cut) <= SHEET_NAME_MAX else name[:SHEET_NAME_MAX]
    return name or "Export"


def _is_number_text(raw: Any, text: str) -> bool:
    try:
        return Decimal(text) == Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return False


def _is_moment_text(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def typed_value(raw: Any, text: str, zone: ZoneInfo) -> Any:
    """What a cell holds: `raw` (the selected value) typed when `text` (the CSV's text of
    it) says just that value, else `text` itself; None for blank text."""
    if text == "":
        return None
    if isinstance(raw, bool) or raw is None:
        return text
    if isinstance(raw, datetime) and _is_moment_text(text):
        return raw.astimezone(zone).replace(tzinfo=None) if raw.tzinfo else raw
    if isinstance(raw, date) and not isinstance(raw, datetime) and _is_moment_text(text):
        return raw
    if isinstance(raw, int | float | Decimal) and _is_number_text(raw, text):
        return raw
    return text


class SheetWriter:
    """One sheet, streamed (openpyxl's write-only mode keeps memory flat)."""

    def __init__(self, title: str, labels: list[str]):
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(sheet_name(title))
        self.sheet.freeze_panes = "A2"  # before the first row: the view is in the head
        self.width = len(labels)
        self.rows = 1
        self.widths = [min(len(label) + 4, WIDEST_COLUMN) for label in labels]
        bold = Font(bold=True)
        header = []
        for label in labels:
            cell = WriteOnlyCell(self.sheet, value=label)
            cell.font = bold
            header.append(cell)
        self.header = header

    def _cell(self, value: Any, index: int) -> Any:
        if isinstance(value, datetime):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = SPREADSHEET_DATETIME
            return cell
        if isinstance(value, date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = SPREADSHEET_DATE
            return cell
        if isinstance(value, str):
            self.widths[index] = min(max(self.widths[index], len(value) + 2), WIDEST_COLUMN)
        return value

    def write(self, records: Iterable[list[Any]]) -> bytes:
        # Column widths must precede the rows; the widths of the first rows are a fair
        # guess at the rest, so a first chunk is read before anything is written.
        records = iter(records)
        first = [[self._cell(v, i) for i, v in enumerate(r)] for r in _take(records, 200)]
        for index, width in enumerate(self.widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.append(self.header)
        for row in first:
            self._append(row)
        for record in records:
            self._append([self._cell(v, i) for i, v in enumerate(record)])
        if self.width:
            last = get_column_letter(self.width)
            self.sheet.auto_filter.ref = f"A1:{last}{self.rows}"
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()

    def _append(self, row: list[Any]) -> None:
        self.sheet.append(row)
        self.rows += 1


def _take(records: Iterator, count: int) -> list:
    taken = []
    for record in records:
        taken.append(record)
        if len(taken) == count:
            break
    return taken


def xlsx_bytes(title: str, labels: list[str], records: Iterable[list[Any]]) -> bytes:
    """The workbook of one list: `labels` as its frozen, filtered header row."""
    return SheetWriter(title, labels).write(records)


def zone_of(context: Mapping) -> ZoneInfo:
    return ZoneInfo(context.get("time_zone") or "UTC")
