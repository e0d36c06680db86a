"""The one export of every list, CSV or XLSX: formula-guarded, itself an audit event."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from core.lists.spec import ListQuery
from core.services import list_export_record

# A cell starting with one of these would run as a formula in a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def formula_safe(text: str) -> str:
    """The text of a cell, with a leading quote when a spreadsheet would run it."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


class _Echo:
    """A file-like object whose write() hands the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


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

    Both formats write the same header and the same formula-guarded cell texts, and
    both are recorded (see `csv_export`). Any other format is a 400 naming it.
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
    header = [formula_safe(c.key) for c in columns]

    def records() -> Iterator[list[str]]:
        for row in rows.iterator(chunk_size=CHUNK):
            yield [formula_safe(c.csv_text(row, query.context)) for c in columns]

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = WRITERS[file_format](header, records())
    name = f"{query.spec.filename}-{stamp}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_response(header: list[str], records: Iterator[list[str]]) -> HttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for record in records:
            yield writer.writerow(record)

    return StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(header: list[str], records: Iterator[list[str]]) -> HttpResponse:
    """One sheet of text cells (openpyxl's write-only mode keeps memory flat). Every
    cell is a string, so a spreadsheet shows what the CSV holds and computes nothing."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Export")
    sheet.append(header)
    for record in records:
        sheet.append(record)
    buffer = io.BytesIO()
    book.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)


WRITERS = {"csv": _csv_response, "xlsx": _xlsx_response}
