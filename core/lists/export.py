"""The one export of every list, CSV or XLSX: formula-guarded, any stored control
character escaped, itself an audit event recording what was delivered. The XLSX is
typed (core.lists.spreadsheet)."""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from core.control_characters import control_characters_escaped
from core.lists.spec import ListQuery
from core.lists.spreadsheet import XLSX_TYPE, typed_value, xlsx_bytes
from core.permissions import require
from core.services import list_export_record
from core.views.common import viewer_time_zone

# A cell starting with one of these would run as a formula in a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def formula_safe(text: str) -> str:
    """The text of a cell, with a leading quote when a spreadsheet would run it."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def errors_response(errors: dict[str, list[str]]) -> HttpResponse:
    """A 400 naming each parameter that could not be read."""
    text = "\n".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items())
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def csv_export(
    query: ListQuery,
    *,
    actor,
    rows=None,
    record: Callable[[int], object] | None = None,
) -> HttpResponse:
    """The list's exported columns as a streamed CSV, in the list's filters and order.

    `rows` narrows the selected values further (e.g. the audit trail up to a sequence
    number); `record(count)` records the export, by default as "list.exported".
    """
    return list_export(query, actor=actor, rows=rows, record=record, file_format="csv")


def list_export(
    query: ListQuery,
    *,
    actor,
    file_format: str = "csv",
    rows=None,
    record: Callable[[int], object] | None = None,
) -> HttpResponse:
    """The list's exported columns as CSV (streamed) or XLSX, in its filters and order.

    Both write the same formula-guarded cell texts, control characters escaped, and
    both are recorded (see `csv_export`) as what was delivered: an XLSX once it is
    built whole, so a workbook that fails to build is no export; a CSV before its
    first byte leaves (`_csv_delivered` says why). What delivers nothing (an unknown
    format, a filter that cannot be read, no right to export) is answered before any
    record. The CSV's header holds the columns' keys (what the API names them, for
    scripts); the XLSX's the labels people see, and its numbers and times are typed.
    """
    if file_format not in WRITERS:
        return errors_response({"format": [f"Use one of: {', '.join(WRITERS)}."]})
    if not query.valid:
        return errors_response(query.errors)
    if record is None:
        require(actor, "core.list.export")  # before any work, as the record checks again
        record = functools.partial(_list_export_record, actor, query)
    rows = query.rows("exported") if rows is None else rows
    zone = ZoneInfo(query.context.get("time_zone") or viewer_time_zone(actor))
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = WRITERS[file_format](query, rows, zone, lambda: record(rows.count()))
    name = f"{query.spec.filename}-{stamp}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _list_export_record(actor, query: ListQuery, count: int) -> None:
    list_export_record(actor=actor, object_type=query.spec.name, filters=query.applied, rows=count)


def cell_text(column, row: dict, context) -> str:
    """A cell's text in an export: formula-guarded, stored control characters escaped."""
    return formula_safe(control_characters_escaped(column.csv_text(row, context)))


def _csv_records(query: ListQuery, columns, rows) -> Iterator[list[str]]:
    for row in rows.iterator(chunk_size=CHUNK):
        yield [cell_text(c, row, query.context) for c in columns]


def _raw(column, row: dict):
    """The one selected value a column shows, or None when it reads several."""
    selected = column.selected
    return row.get(selected[0]) if len(selected) == 1 else None


def _spreadsheet_cell(column, row: dict, context, zone: ZoneInfo):
    # Typed from the unguarded text: -5 is a number, not the text '-5.
    text = control_characters_escaped(column.csv_text(row, context))
    value = typed_value(_raw(column, row), text, zone)
    return formula_safe(value) if isinstance(value, str) else value


def _spreadsheet_records(query: ListQuery, columns, rows, zone) -> Iterator[list]:
    context = query.context
    for row in rows.iterator(chunk_size=CHUNK):
        yield [_spreadsheet_cell(c, row, context, zone) for c in columns]


class _Echo:
    """A file-like object whose write() hands the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def _csv_delivered(query: ListQuery, rows, _zone, record: Callable[[], object]) -> HttpResponse:
    """The CSV, streamed, recorded before its first byte leaves. Its rows are read and
    sent as the download goes, so there is no "whole file" to wait for; the rows that
    leave before a break (a dropped connection, a reader who stops early) were handed
    out all the same, and an audit trail that recorded only streams read to the end
    would miss exactly those reads. The record counts the rows the stream holds."""
    record()
    columns = query.spec.columns_for("exported")
    writer = csv.writer(_Echo())
    header = [formula_safe(c.key) for c in columns]

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for record in _csv_records(query, columns, rows):
            yield writer.writerow(record)

    return StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")


def _xlsx_delivered(query: ListQuery, rows, zone, record: Callable[[], object]) -> HttpResponse:
    """One sheet named after the list, headed by the labels people see on the page,
    built whole in memory and only then recorded: a workbook that fails to build
    (a 500) leaves no "list.exported" behind."""
    columns = query.spec.columns_for("exported")
    title = query.spec.caption or query.spec.filename
    labels = [str(c.label) for c in columns]
    content = xlsx_bytes(title, labels, _spreadsheet_records(query, columns, rows, zone))
    record()
    return HttpResponse(content, content_type=XLSX_TYPE)


WRITERS = {"csv": _csv_delivered, "xlsx": _xlsx_delivered}
