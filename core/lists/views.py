"""The list page of the kit: filter bar, table and pages from one `ListQuery`."""

from __future__ import annotations

from django.shortcuts import render

from core.lists.paging import ListParamError
from core.lists.spec import ORDERING, ListQuery


def render_list(request, query: ListQuery, template: str, context: dict | None = None):
    """Render `template` with the list's context; 400 (no rows) when a parameter is bad.

    The template includes components/filter_bar.html, components/table.html and
    components/pagination.html, which read the keys set here.
    """
    errors, page = dict(query.errors), None
    if not errors:
        try:
            page = query.page("page")
        except ListParamError as exc:
            errors = exc.errors
    rows = list(page.object_list) if page else []
    filterset = query.filterset
    filterset.is_valid()  # binds the form's errors for the filter bar
    list_context = {
        "list": query,
        "page_obj": page,
        "rows": query.table_rows(rows),
        "headers": query.headers(),
        "filter_html": filterset.filter_bar_html(),
        "filter_errors": errors,
        "filtered": query.filtered or bool(errors),
        "ordering": request.GET.get(ORDERING, ""),
    }
    status = 400 if errors else 200
    return render(request, template, {**list_context, **(context or {})}, status=status)
