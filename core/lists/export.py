"""The one export of every list, CSV or XLSX: formula-guarded, any stored control
character escaped, itself an audit event. The XLSX is typed (core.lists.spreadsheet)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from core.control_characters import control_characters_escaped
from core.lists.spec import ListQuery
from core.lists.spreadsheet import XLSX_TYPE, typed_value, xlsx_bytes
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
    both are recorded (see `csv_export`). The CSV's header holds the columns' keys (what
    the API names them, for scripts); the XLSX's the labels people see, and its numbers
    and times are typed. Any other format is a 400 naming it.
    """
    if file_format not in WRITERS:
        return errors_response({"format": [f"Use one of: {', '.join(WRITERS)}."]})
    if not query.valid:
        return errors_response(query.errors)
    rows = query.rows("exported") if rows is None else rows
    count = rows.count()
    if record is None:
        list_export_record(
            actor=actor, object_type=query.spec.name, filters=query.applied, rows=count
        )
    else:
        record(count)
    columns = query.spec.columns_for("exported")
    zone = ZoneInfo(query.context.get("time_zone") or viewer_time_zone(actor))
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    if file_format == "xlsx":
        title = query.spec.caption or query.spec.filename
        response = _xlsx_response(title, columns, _spreadsheet_records(query, columns, rows, zone))
    else:
        response = _csv_response(
            [formula_safe(c.key) for c in columns], _csv_records(query, columns, rows)
        )
    name = f"{query.spec.filename}-{stamp}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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


def _csv_response(header: list[str], records: Iterator[list[str]]) -> HttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for record in records:
            yield writer.writerow(record)

    return StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")


def _xlsx_response(title: str, columns, records: Iterator[list]) -> HttpResponse:
    """One sheet named after the list, headed by the labels people see on the page."""
    labels = [str(c.label) for c in columns]
    return HttpResponse(xlsx_bytes(title, labels, records), content_type=XLSX_TYPE)


WRITERS = {"csv": _csv_response, "xlsx": _xlsx_response}
