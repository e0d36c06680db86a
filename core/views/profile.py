"""A person's own page: roles and teams, time zone, API tokens, and signing out everywhere."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import ApiTokenCreateForm, TimeZoneForm
from core.selectors import api_token_get_for, api_tokens_for, role_assignments_of
from core.services import api_token_issue, api_token_revoke, user_time_zone_set
from core.sessions import sessions_end_everywhere, sign_out
from core.sso.logout import provider_sign_out_url
from core.views.common import no_store, require_can

# Where a freshly issued key waits in the session until the one page that shows it.
NEW_TOKEN_SESSION_KEY = "core.new_api_token"


def _profile_page(request, *, token_form=None, tz_form=None, status=200):
    user = request.user
    context = {
        "assignments": role_assignments_of(user),
        "tokens": api_tokens_for(user),
        "token_form": token_form or ApiTokenCreateForm(),
        "tz_form": tz_form or TimeZoneForm(initial={"time_zone": user.time_zone}),
        "password_login": settings.PASSWORD_LOGIN,
    }
    return render(request, "core/profile.html", context, status=status)


@require_GET
def profile(request):
    return _profile_page(request)


@require_GET
def user_menu_roles(request):
    """The roles in the header's user menu, loaded when the menu is first opened."""
    return render(
        request, "core/_user_menu_roles.html", {"assignments": role_assignments_of(request.user)}
    )


@require_POST
def profile_time_zone(request):
    form = TimeZoneForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, tz_form=form, status=400)
    user_time_zone_set(
        actor=request.user, user=request.user, time_zone=form.cleaned_data["time_zone"]
    )
    messages.success(request, f"Times are now shown in {form.cleaned_data['time_zone']}.")
    return redirect("core:profile")


@require_POST
def token_create(request):
    """Issue a token and send the browser to the one page that shows its key."""
    require_can(request, "core.token.manage_own")
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form, status=400)
    issued = api_token_issue(actor=request.user, user=request.user, name=form.cleaned_data["name"])
    request.session[NEW_TOKEN_SESSION_KEY] = {"id": issued.token.pk, "key": issued.key}
    return redirect("core:token_created", pk=issued.token.pk)


@require_GET
def token_created(request, pk: int):
    """Show a new token's key, once: the session gives it up on this first view."""
    require_can(request, "core.token.manage_own")
    token = api_token_get_for(request.user, pk)
    pending = request.session.get(NEW_TOKEN_SESSION_KEY) or {}
    if pending.get("id") != token.pk:
        messages.info(
            request,
            f"The key of “{token.name}” was shown once when it was created and cannot be "
            "shown again. Revoke it and create a new one if it was lost.",
        )
        return redirect("core:profile")
    del request.session[NEW_TOKEN_SESSION_KEY]
    response = render(request, "core/token_created.html", {"token": token, "key": pending["key"]})
    return no_store(response)


@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    """Confirm, then revoke: a revoked token is refused by the API at once."""
    require_can(request, "core.token.manage_own")
    token = api_token_get_for(request.user, pk)
    if request.method == "POST":
        api_token_revoke(actor=request.user, token=token)
        messages.success(request, f"The token “{token.name}” is revoked.")
        return redirect("core:profile")
    return render(request, "core/token_revoke.html", {"token": token})


@require_POST
def sign_out_everywhere(request):
    """End every session the person has, on every device, this one included; after a
    single sign-on, this browser's session at the identity provider too (core.sso)."""
    at_provider = provider_sign_out_url(request)  # read before the session ends
    ended = sessions_end_everywhere(actor=request.user, user=request.user)
    sign_out(request, reason="signed out everywhere")
    messages.success(
        request, f"You are signed out everywhere ({ended} session{'s' if ended != 1 else ''})."
    )
    return redirect(at_provider or settings.LOGIN_URL)
