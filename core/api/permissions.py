"""The API's one permission class: every viewset action names the portal action it
needs (`core.permissions.can`); an action without a name is refused (fail closed)."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from core.permissions import can


class PortalActionPermission(BasePermission):
    """Map each viewset action to a `core.permissions.can` action; unmapped: denied.

    The viewset declares `read_permission` (needed before anything else, so people
    without a role get 403 rather than learning what exists) and `action_permissions`.
    """

    def has_permission(self, request, view) -> bool:
        if not can(request.user, view.read_permission):
            return False
        if view.action is None:  # a method the viewset does not offer: DRF answers 405
            return True
        needed = view.action_permissions.get(view.action)
        if needed is None:
            return False
        return view.detail or can(request.user, needed)

    def has_object_permission(self, request, view, obj) -> bool:
        needed = view.action_permissions.get(view.action)
        return needed is not None and can(request.user, needed, obj)
