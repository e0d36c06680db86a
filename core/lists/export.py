"""The one CSV export of every list: streamed, formula-guarded, itself an audit event."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

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
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow([formula_safe(c.key) for c in columns])
        for row in rows.iterator(chunk_size=CHUNK):
            yield writer.writerow([formula_safe(c.csv_text(row, query.context)) for c in columns])

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{query.spec.filename}-{stamp}.csv"'
    return response
