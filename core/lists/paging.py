"""The one paginator of every list: `page` and `page_size`, read strictly."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ListParamError(Exception):
    """Query parameters a list cannot read, by name: the caller answers 400."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _whole_number(params: Mapping, name: str, default: int, highest: int | None) -> int:
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


def page_of(rows, params: Mapping, *, default_size: int = PAGE_SIZE) -> Page:
    """The page `params` ask for; ListParamError naming `page` or `page_size` otherwise.

    Two queries: the count and the page's rows. Page 1 exists even when the list is empty.
    """
    size = _whole_number(params, "page_size", default_size, MAX_PAGE_SIZE)
    number = _whole_number(params, "page", 1, None)
    paginator = Paginator(rows, size)
    if number > paginator.num_pages:
        last = paginator.num_pages
        raise ListParamError({"page": [f"There is no page {number}; the last is {last}."]})
    return paginator.page(number)
