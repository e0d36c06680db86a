"""A list's columns, declared once for the table, the API's JSON and the CSV."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from rest_framework import ISO_8601
from rest_framework.fields import DateTimeField
from rest_framework.settings import api_settings

from core.dates import moment_text

# A column reads one row of selected values (a dict from `.values()`) and the list's
# context (e.g. the viewer's time zone).
RowFunction = Callable[[dict, Mapping], Any]


@dataclass(frozen=True)
class Column:
    """One column of a list.

    key       its name in the API's JSON and the CSV header; also the sort key
    label     its heading in the table
    fields    the selected values it reads (default: `key`)
    value     the value the API shows (default: the row's `key`)
    text      the CSV cell (default: `value` as text; yes/no for booleans)
    cell      the table cell's inner HTML, already escaped (default: `text`, escaped)
    sort      the ordering expression (a field name or an expression); None: not sortable
    page, api, exported   where the column appears
    """

    key: str
    label: str
    fields: tuple[str, ...] = ()
    value: RowFunction | None = None
    text: RowFunction | None = None
    cell: RowFunction | None = None
    sort: Any = None
    page: bool = True
    api: bool = True
    exported: bool = True
    css: str = ""
    row_header: bool = False
    _open: str = field(init=False, repr=False, compare=False, default="")
    _close: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        # The cell's opening tag, built once: the table draws it on every row.
        if self.row_header:
            opening = (
                format_html('<th scope="row" class="{}">', self.css)
                if self.css
                else ('<th scope="row">')
            )
        elif self.css:
            opening = format_html('<td class="{}">', self.css)
        else:
            opening = "<td>"
        object.__setattr__(self, "_open", opening)
        object.__setattr__(self, "_close", "</th>" if self.row_header else "</td>")

    @property
    def selected(self) -> tuple[str, ...]:
        return self.fields or (self.key,)

    @property
    def sortable(self) -> bool:
        return self.sort is not None

    def api_value(self, row: dict, context: Mapping) -> Any:
        return self.value(row, context) if self.value else row[self.key]

    def csv_text(self, row: dict, context: Mapping) -> str:
        if self.text:
            return self.text(row, context)
        value = self.api_value(row, context)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    def html(self, row: dict, context: Mapping) -> str:
        # Plain str and the standard library's escape: the table draws 50 rows of these,
        # and format_html's SafeString machinery was most of a page's Python time.
        inner = self.cell(row, context) if self.cell else escape(self.csv_text(row, context))
        return f"{self._open}{inner}{self._close}"


def table_row(columns: tuple[Column, ...], row: dict, context: Mapping) -> SafeString:
    """One <tr>'s cells as one string: the template prints it without a per-cell loop."""
    return mark_safe("".join(column.html(row, context) for column in columns))


def api_column(key: str, **kw) -> Column:
    """A column of the API (and the CSV unless `exported=False`), not of the table; its
    label is the key in words."""
    return Column(key, key.replace("_", " ").capitalize(), page=False, **kw)


def person_column(key: str, label: str, **kw) -> Column:
    """A person the row names through `key` (a user foreign key): by name in the table,
    as everywhere in the portal (the e-mail for someone without one, as User.display_name
    does); the API and, unless `text` says otherwise, the CSV keep the e-mail, which
    identifies the account."""
    return Column(
        key,
        label,
        fields=(f"{key}__email", f"{key}__full_name"),
        value=lambda row, _: row[f"{key}__email"],
        cell=lambda row, _: escape(row[f"{key}__full_name"] or row[f"{key}__email"]),
        **kw,
    )


_drf_time = DateTimeField().to_representation


def api_time(at: datetime | None) -> str | None:
    """A time as the API writes it, None when not set: what DRF's DateTimeField writes
    (ISO 8601 in the active zone, UTC's offset as "Z"). An aware time in DRF's default
    format is written here, as DRF writes it: through the field each call looked the
    format and the zone up again, 300 times for a page of 50 incidents."""
    if not at:
        return None
    if not _drf_writes_iso() or timezone.is_naive(at):
        return _drf_time(at)
    try:
        text = at.astimezone(timezone.get_current_timezone()).isoformat()
    except OverflowError:
        return _drf_time(at)  # DRF's own refusal
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _drf_writes_iso() -> bool:
    chosen = api_settings.DATETIME_FORMAT
    return isinstance(chosen, str) and chosen.lower() == ISO_8601


def time_column(key: str, label: str, *, text: RowFunction | None = None, **kw) -> Column:
    """A stored time: the API's ISO 8601 (UTC), the viewer's local time in the table
    ("—" for none), sortable by itself; the CSV cell is `text` (default: the API's)."""
    kw.setdefault("sort", key)
    return Column(
        key,
        label,
        css="nowrap",
        value=lambda row, _: api_time(row[key]),
        cell=lambda row, context: escape(local_time_text(row[key], context)) or "—",
        text=text,
        **kw,
    )


def local_time_text(value: datetime | None, context: Mapping) -> str:
    """A stored UTC time as the viewer reads it ("2026-11-30 22:39" in the context's
    `time_zone`, UTC when it names none; the portal's one format, core.dates); blank for
    no time."""
    return moment_text(value, ZoneInfo(context.get("time_zone", "UTC")))
