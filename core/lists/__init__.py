"""One list kit for every list of every app: page, API and CSV export alike.

A list is declared once as a `ListSpec`:
  - a django-filter FilterSet (subclass `ListFilterSet`) for its filters;
  - its `Column`s: label, the selected values a column reads, how it shows in the
    table, the API and the CSV, and whether (and by what expression) it sorts;
  - its default ordering and a tie-breaker that keeps pages stable.

One selector per list (e.g. `registry.selectors.systems.system_list_for`) calls
`spec.query(visible_queryset, params)` and is the only way into the list: the page,
the API, the export and any counts use it, so `visible_to` decides who sees what in
one place.

Query-string conventions, the same on the page, the API and the export:
  <filter>=value   a filter; a blank value means "any" (an HTML form sends blanks)
  ordering=key     one sortable column's key, `-key` for descending; blank: the default
  page=N           a whole number from 1 to the last page (page 1 always exists)
  page_size=N      1 to 200 (default 50)
A value the list cannot read is a 400 naming the parameter, never a wider list.
"""

from core.lists.columns import (
    Column,
    api_column,
    api_time,
    local_time_text,
    person_column,
    time_column,
)
from core.lists.export import csv_export, formula_safe, list_export
from core.lists.filters import (
    ListFilterSet,
    PersonSearchFilter,
    PlainChoiceFilter,
    StrictBooleanFilter,
    WordSearchFilter,
    words_match,
)
from core.lists.paging import MAX_PAGE_SIZE, PAGE_SIZE, ListParamError, page_of
from core.lists.spec import ListQuery, ListSpec

__all__ = [
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "Column",
    "ListFilterSet",
    "ListParamError",
    "ListQuery",
    "ListSpec",
    "PersonSearchFilter",
    "PlainChoiceFilter",
    "StrictBooleanFilter",
    "WordSearchFilter",
    "api_column",
    "api_time",
    "csv_export",
    "formula_safe",
    "list_export",
    "local_time_text",
    "page_of",
    "person_column",
    "time_column",
    "words_match",
]
