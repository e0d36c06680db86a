"""The one paginator of every list: `page` and `page_size`, read strictly."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ListParamError(Exception):
    """Query parameters a list cannot read, by name: the caller answers 400."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def whole_number(params: Mapping, name: str, default: int, highest: int | None) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ListParamError({name: ["Use a whole number from 1."]})
    number = int(text)
    if highest is not None and number > highest:
        raise ListParamError({name: [f"Use a whole number from 1 to {highest}."]})
    return number


class _CountingPaginator(Paginator):
    """Counts a plain queryset rather than the rows' (whose joins only slow the count)."""

    def __init__(self, rows, per_page: int, counted: QuerySet | None):
        super().__init__(rows, per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return super().count if self.counted is None else self.counted.count()


def page_of(
    rows, params: Mapping, *, default_size: int = PAGE_SIZE, counted: QuerySet | None = None
) -> Page:
    """The page `params` ask for; ListParamError naming `page` or `page_size` otherwise.

    Two queries: the count (of `counted` when given: the same rows without their
    joins) and the page's rows. Page 1 exists even when the list is empty.
    """
    size = whole_number(params, "page_size", default_size, MAX_PAGE_SIZE)
    number = whole_number(params, "page", 1, None)
    paginator = _CountingPaginator(rows, size, counted)
    if number > paginator.num_pages:
        last = paginator.num_pages
        raise ListParamError({"page": [f"There is no page {number}; the last is {last}."]})
    return paginator.page(number)
