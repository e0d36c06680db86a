"""PASSWORD_LOGIN=false: single sign-on is the only way in.

A password posted to a sign-in form (the portal's, the admin's) is refused with a 403
and recorded; the pages that set, change or reset a password answer 404. The login
page shows no password form (templates/account/login.html)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from core.audit import audit_record

# allauth's and the admin's views by URL name (resolved before the view runs).
PASSWORD_SIGN_IN = frozenset({"account_login", "account_reauthenticate", "admin:login"})
PASSWORD_PAGES = frozenset(
    {
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_change_password",
        "account_set_password",
    }
)
PAGE = "account/passwords_off.html"


class PasswordsOffMiddleware:
    """Refuses every use of a password while PASSWORD_LOGIN is off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.PASSWORD_LOGIN or request.resolver_match is None:
            return None
        name = request.resolver_match.view_name
        if name in PASSWORD_SIGN_IN and request.method == "POST":
            attempted = request.POST.get("login") or request.POST.get("username") or ""
            audit_record(
                actor=request.user,
                action="auth.password_login_refused",
                object_type="core.user",
                changes={"attempted_email": str(attempted)[:254], "form": name},
            )
            return render(request, PAGE, {"refused": True}, status=403)
        if name in PASSWORD_PAGES:
            return render(request, PAGE, {"refused": False}, status=404)
        return None
