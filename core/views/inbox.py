"""The inbox: a person's notifications, each with the reason they got it."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from core.lists import ListParamError, page_of
from core.selectors import notification_get_for, notification_kinds_for, notifications_for
from core.services import notifications_mark_read
from core.views.common import redirect_back, require_can

PAGE_SIZE = 25


def _inbox_context(request, source) -> dict:
    unread_only = source.get("show") == "unread"
    kinds = notification_kinds_for(request.user)
    kind = source.get("kind", "")
    kind = kind if kind in dict(kinds) else ""  # an unknown kind shows everything
    notes = notifications_for(request.user, unread_only=unread_only, kind=kind)
    try:
        page = page_of(notes, source, default_size=PAGE_SIZE)
    except ListParamError:
        # A person's own inbox: a stale page link (after "mark all read") shows page 1.
        page = page_of(notes, {}, default_size=PAGE_SIZE)
    return {"page_obj": page, "unread_only": unread_only, "kinds": kinds, "kind": kind}


@require_GET
def inbox(request):
    require_can(request, "core.notification.read_own")
    return render(request, "core/inbox.html", _inbox_context(request, request.GET))


@require_POST
def notification_read(request, pk: int):
    """Mark one notification read; htmx swaps the row and the header badge."""
    require_can(request, "core.notification.read_own")
    note = notification_get_for(request.user, pk)
    notifications_mark_read(user=request.user, ids=[note.pk])
    if request.htmx:
        note.refresh_from_db(fields=["read_at"])
        return render(request, "core/_notification_read.html", {"note": note})
    return redirect_back(request, "core:inbox")


@require_POST
def notifications_read_all(request):
    """Mark every unread notification read; htmx swaps the list and the badge."""
    require_can(request, "core.notification.read_own")
    notifications_mark_read(user=request.user)
    if request.htmx:
        context = _inbox_context(request, request.POST)
        return render(request, "core/_inbox_list_swap.html", context)
    return redirect_back(request, "core:inbox")
