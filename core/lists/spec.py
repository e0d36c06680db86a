"""A list's declaration (`ListSpec`) and one reading of it (`ListQuery`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

import django_filters
from django.db.models import F, QuerySet
from django.utils.functional import classproperty

from core.lists.columns import Column, table_row
from core.lists.filters import ListFilterSet
from core.lists.paging import page_of

ORDERING = "ordering"
# Where a page starts: dropped when the order changes (numbers, or a keyset's cursors).
PAGE_PARAMS = ("page", "before", "after")


def _direction(sort: Any, descending: bool):
    if isinstance(sort, str):
        return f"-{sort}" if descending else sort
    expression = sort if hasattr(sort, "asc") else F(sort)
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)


@dataclass(frozen=True)
class Header:
    """A column heading: sortable ones know their aria-sort state and the link's ordering."""

    label: str
    css: str = ""
    sort: str = ""  # "ascending", "descending" or ""
    ordering: str = ""  # what the heading's link asks for; "" when not sortable
    href: str = ""  # the query string of that link: the list's, sorted so, from page 1


@dataclass
class ListSpec:
    """One list, declared once (see core.lists)."""

    name: str  # the object type exports are recorded under, e.g. "registry.aisystem"
    filterset: type[ListFilterSet]
    columns: tuple[Column, ...]
    default_ordering: str
    tie_breaker: str  # appended to every ordering so that pages are stable
    filename: str  # the CSV's name before its time stamp
    caption: str = ""
    # Computed values a column may select (e.g. counts by subquery), added to the rows'
    # query only when a column selects them, so counts over the list stay cheap.
    annotations: dict = field(default_factory=dict)
    # How the page reads its rows: numbered pages (ListQuery.page) unless a list of
    # millions names its own, e.g. the audit trail's keyset pages (core/audit_list.py).
    pager: Callable[[ListQuery], Any] | None = None

    def __post_init__(self) -> None:
        self.sorts = {c.key: c.sort for c in self.columns if c.sortable}
        keys = [k for key in self.sorts for k in (key, f"-{key}")]
        # The filter set with the one sort parameter; its choices are the sortable columns.
        ordering = django_filters.ChoiceFilter(
            label="Sort by", choices=[(k, k) for k in keys], method=_ordered_later
        )
        self.filterset_class = type(
            self.filterset.__name__, (self.filterset,), {ORDERING: ordering}
        )

    @cached_property
    def api_getters(self) -> list[tuple]:
        """(key, value of a row) for each API column, plain keys by a bare lookup."""
        return [
            (c.key, c.value or (lambda row, _context, key=c.key: row[key]))
            for c in self.columns_for("api")
        ]

    def fields_for(self, where: str) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for column in self.columns_for(where):
            names.update(dict.fromkeys(column.selected))
        return tuple(names)

    def columns_for(self, where: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if getattr(c, where))

    def order_by(self, ordering: str) -> list:
        key = ordering.lstrip("-")
        first = _direction(self.sorts[key], ordering.startswith("-"))
        if key == self.tie_breaker.lstrip("-"):
            return [first]
        return [first, _direction(self.tie_breaker.lstrip("-"), self.tie_breaker.startswith("-"))]

    def query(self, queryset: QuerySet, params: Mapping | None, **context) -> ListQuery:
        """The list over `queryset` (what the viewer may see) as `params` narrow it."""
        params = params if params is not None else {}
        filterset = self.filterset_class(data=params, queryset=queryset, context=context)
        return ListQuery(spec=self, filterset=filterset, params=params, context=context)

    @classproperty
    def ordering_param(cls) -> str:  # noqa: N805 - for templates and the API schema
        return ORDERING


def _ordered_later(queryset, _name, _value):
    return queryset  # ListQuery orders, with the tie-breaker, after filtering


@dataclass
class ListQuery:
    """One reading of a list: its filters, errors, ordering, rows and pages."""

    spec: ListSpec
    filterset: ListFilterSet
    params: Mapping
    context: dict = field(default_factory=dict)

    @cached_property
    def asked(self) -> bool:
        """Whether any of the list's parameters is in the query string at all."""
        return any(name in self.params for name in self.spec.filterset_class.base_filters)

    @cached_property
    def errors(self) -> dict[str, list[str]]:
        """{parameter: [messages]}; empty when every parameter could be read."""
        if not self.asked:
            return {}  # nothing to read: no form to build (a tenth of an API request)
        return {name: list(msgs) for name, msgs in self.filterset.errors.items()}

    @property
    def valid(self) -> bool:
        return not self.errors

    @cached_property
    def ordering(self) -> str:
        chosen = self.filterset.form.cleaned_data.get(ORDERING) if self.asked and self.valid else ""
        return chosen or self.spec.default_ordering

    @cached_property
    def queryset(self) -> QuerySet:
        """The filtered model queryset, unordered (for counts); empty when invalid."""
        if not self.valid:
            return self.filterset.queryset.none()
        return self.filterset.qs if self.asked else self.filterset.queryset

    def rows(self, where: str = "page") -> QuerySet:
        """Ordered selected values of the columns shown on the `page`, `api` or `exported`."""
        fields = self.spec.fields_for(where)
        needed = {k: v for k, v in self.spec.annotations.items() if k in fields}
        ordered = self.queryset.annotate(**needed).order_by(*self.spec.order_by(self.ordering))
        return ordered.values(*fields)

    @property
    def applied(self) -> dict[str, str]:
        """The parameters the list understood and that were set (for the export's record)."""
        names = self.spec.filterset_class.base_filters
        return {n: str(self.params[n]) for n in names if self.params.get(n) not in (None, "")}

    @property
    def filtered(self) -> bool:
        return any(n != ORDERING for n in self.applied)

    def page(self, where: str = "page"):
        """The page of rows `params` ask for (ListParamError naming page or page_size)."""
        if self.spec.pager is not None and where == "page":
            return self.spec.pager(self)
        return page_of(self.rows(where), self.params, counted=self.queryset)

    def api_rows(self, rows) -> list[dict]:
        context, columns = self.context, self.spec.api_getters
        return [{key: value(row, context) for key, value in columns} for row in rows]

    def table_rows(self, rows) -> list:
        columns = self.spec.columns_for("page")
        return [table_row(columns, row, self.context) for row in rows]

    def _sorted_link(self, ordering: str) -> str:
        """The query string as {% querystring ordering=... page=None %} would write it
        (same order of parameters), built here once rather than by a tag per heading."""
        pairs, placed = [], False
        lists = self.params.lists() if hasattr(self.params, "lists") else self.params.items()
        for name, values in lists:
            if name in PAGE_PARAMS:
                continue
            if name == ORDERING:
                pairs.append((ORDERING, ordering))
                placed = True
                continue
            pairs += [(name, v) for v in (values if isinstance(values, list) else [values])]
        if not placed:
            pairs.append((ORDERING, ordering))
        return "?" + urlencode(pairs)

    def headers(self) -> list[Header]:
        current = self.ordering
        headers = []
        for column in self.spec.columns_for("page"):
            if not column.sortable:
                headers.append(Header(column.label, column.css))
                continue
            if current == column.key:
                state, link = "ascending", f"-{column.key}"
            elif current == f"-{column.key}":
                state, link = "descending", column.key
            else:
                state, link = "", column.key
            headers.append(Header(column.label, column.css, state, link, self._sorted_link(link)))
        return headers
