"""DRF's face of the list kit's one paginator (core.lists.paging)."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from core.lists.openapi import page_parameters
from core.lists.paging import MAX_PAGE_SIZE, PAGE_SIZE, ListParamError, page_of


class StandardPagination(PageNumberPagination):
    """`page` and `page_size` read by the kit: 50 rows by default, up to 200.

    A page that does not exist (0, past the last, not a number) or a page size out of
    range is bad input like any other parameter: a 400 naming it.
    """

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None, counted=None):
        try:
            self.page = page_of(queryset, request.query_params, counted=counted)
        except ListParamError as exc:
            raise ValidationError(exc.errors) from None
        self.request = request
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        return page_parameters()


def list_kit_response(view, request, query):
    """A list endpoint's answer from a list kit query: a 400 naming a parameter the list
    cannot read, else one page of rows from the selected values through the columns."""
    if not query.valid:
        raise ValidationError(query.errors)
    page = view.paginator.paginate_queryset(
        query.rows("api"), request, view=view, counted=query.queryset
    )
    return view.get_paginated_response(query.api_rows(page))
