"""The one base of every app's API viewsets (DESIGN.md 5): thin views over the app's
selectors and services, the same ones its pages call.

A viewset declares what differs and nothing else::

    class RiskViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
        read_permission = "governance.risk.view"
        action_permissions = {"list": "governance.risk.view", ...}
        list_spec = RISK_LIST

        def get_queryset(self):            # who sees what: the app's visible_to
            return risks_visible_to(self.request.user)

        def object_get(self, user, key):   # 404 for missing and forbidden alike
            return risk_get_for(user, key)

        def list_query(self, user, params):
            return risk_list_for(user, params)

PortalViewSet brings the rest: session and token authentication (settings), the portal
action permission (every action named, unnamed ones refused), strict input
(`valid_input` on StrictInput serializers: an unknown field is a 400 naming it), the
error shape (core.api.errors), the list kit's paginator, and `require`. The schema of
the standard actions is one `@standard_schema(...)` on the class (core.api.openapi),
that of other writes `@action_schema(...)` on the method.
"""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets
from rest_framework.response import Response

from core.api.openapi import Write, write_schema
from core.api.pagination import StandardPagination, list_kit_response
from core.api.permissions import PortalActionPermission
from core.api.throttling import SIGNED_IN
from core.permissions import require

ID_PATTERN = "[0-9]{1,18}"


class PortalViewSet(viewsets.GenericViewSet):
    """Authentication, permissions, strict input, the list kit's paginator."""

    permission_classes = [*SIGNED_IN, PortalActionPermission]
    pagination_class = StandardPagination
    filter_backends: list = []  # the list kit filters; its parameters are declared
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = ID_PATTERN
    read_permission: str = ""  # needed before anything else (PortalActionPermission)
    action_permissions: dict[str, str] = {}
    list_spec = None  # the app's list (core.lists.ListSpec): list and retrieve rows

    def object_get(self, user, key: str):
        """The app's `<entity>_get_for(user, key)`: 404 for missing and forbidden alike."""
        raise NotImplementedError(f"{type(self).__name__} names no object_get")

    def get_object(self):
        key = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        obj = self.object_get(self.request.user, key)
        self.check_object_permissions(self.request, obj)
        return obj

    def valid_input(self, serializer_class, data: Any = None) -> dict:
        """The request body through `serializer_class`; a 400 naming each bad field."""
        serializer = serializer_class(data=self.request.data if data is None else data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def require(self, action: str, obj: Any = None) -> None:
        """403 unless the portal allows `action` (on `obj`) to the caller."""
        require(self.request.user, action, obj)

    def list_context(self) -> dict:
        """What the list reads besides the query string (e.g. `now` for clocks)."""
        return {}

    def shown(self, obj) -> dict:
        """One object as its list shows it: the same columns, read back in one query."""
        query = self.list_spec.query(
            self.get_queryset().filter(pk=obj.pk), {}, **self.list_context()
        )
        return query.api_rows(query.rows("api"))[0]


class KitListMixin:
    """`list` through the app's list kit selector: filtered, sorted, one page of rows."""

    def list_query(self, user, params):
        raise NotImplementedError(f"{type(self).__name__} names no list_query")

    def list(self, request, *args, **kwargs):
        return list_kit_response(self, request, self.list_query(request.user, request.query_params))


class ShownRetrieveMixin:
    """`retrieve`: the object as its list shows it."""

    def retrieve(self, request, *args, **kwargs):
        return Response(self.shown(self.get_object()))


def action_schema(summary: str, *, request, response, code: int = 200, missing=None):
    """The schema of a write action: its answer, and the 400, 403 (and 404) it may give."""
    return write_schema(Write(summary, request), response, code, missing)
