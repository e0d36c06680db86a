"""Small pieces the kernel's views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from core.dates import user_zone
from core.permissions import can


def viewer_time_zone(user) -> str:
    """The viewer's time zone name, or UTC when it is missing or unknown."""
    return user_zone(user).key


def require_can(request, action: str, obj=None) -> None:
    """403 unless the policy allows it."""
    if not can(request.user, action, obj):
        raise PermissionDenied(f"Not allowed: {action}")


def require_can_on_post(request, action: str, obj=None) -> bool:
    """For a page read by more people than may post its form: 403 for a POST unless the
    policy allows `action`; whether it does (a GET shows the form, or not)."""
    allowed = can(request.user, action, obj)
    if request.method == "POST" and not allowed:
        raise PermissionDenied(f"Not allowed: {action}")
    return allowed


def redirect_back(request, default: str):
    """Back to the page named in `next` when it is ours, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def no_store(response):
    """Keep a page out of every cache (it shows a secret)."""
    response["Cache-Control"] = "no-store, max-age=0"
    response["Pragma"] = "no-cache"
    return response
