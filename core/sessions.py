"""Sessions: signed out after a while without a request (SESSION_IDLE_TIMEOUT), and
"Sign out everywhere", which ends every session a person has.

Both sign-outs go through Django's logout, so core.auth records them as `auth.logout`,
with the reason this module leaves on the request.
"""

from __future__ import annotations

import secrets
import time
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from core.identity import identity_change_record
from core.models import User
from core.writes import row_lock, row_update

# When the session last saw a request (seconds since the epoch).
LAST_SEEN_KEY = "core.last_seen"
# Why this request's person is being signed out, for core.auth's logout event.
_SIGNED_OUT_BECAUSE = "_core_signed_out_because"


def signed_out_because(request) -> dict:
    """The reason a sign-out gives in the audit trail: none for "Log out" itself."""
    return dict(getattr(request, _SIGNED_OUT_BECAUSE, None) or {})


def sign_out(request, **reason) -> None:
    """Django's logout of this request's person, with `reason` on its audit event."""
    setattr(request, _SIGNED_OUT_BECAUSE, reason)
    logout(request)


def duration_words(seconds: int) -> str:
    """30 minutes, 1 hour, 90 seconds: a timeout as the login page says it."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


class IdleTimeoutMiddleware:
    """Signs a person out when their session saw no request for SESSION_IDLE_TIMEOUT
    seconds, and says so on the login page. The time of the last request is written
    back at most every tenth of the timeout (a minute at most), so a busy session is not
    saved on every request; a person may thus be signed out up to that much early."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.SESSION_IDLE_TIMEOUT
        user = getattr(request, "user", None)
        if not timeout or user is None or not user.is_authenticated:
            return self.get_response(request)
        now, last = time.time(), request.session.get(LAST_SEEN_KEY)
        if isinstance(last, int | float) and now - last > timeout:
            return self._signed_out(request, timeout)
        if not isinstance(last, int | float) or now - last >= min(60, timeout / 10):
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _signed_out(self, request, timeout: int):
        sign_out(request, reason="idle", idle_timeout_seconds=timeout)
        if request.path.startswith("/api/"):
            return self.get_response(request)  # anonymous now: the API answers 401/403
        messages.info(
            request, f"You were signed out after {duration_words(timeout)} without activity."
        )
        login = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if request.htmx:  # a fragment would land the login page inside the page
            return HttpResponseClientRedirect(login.url)
        return login


@transaction.atomic
def sessions_end_everywhere(*, actor, user: User) -> int:
    """End every session `user` has, on every device: draw a new session token (part of
    the session auth hash, core.models.User), so no session signed in before matches
    any more, and delete their sessions from a database session store. Returns how many
    stored sessions were deleted; the caller signs the current request out."""
    row_lock(user)
    row_update(actor=actor, obj=user, values={"session_token": secrets.token_hex(16)}, action=None)
    ended = _stored_sessions_delete(user)
    identity_change_record(
        actor=actor, user=user, action="sessions.ended_everywhere", changes={"sessions": ended}
    )
    return ended


def _stored_sessions_delete(user: User) -> int:
    """Delete the user's unexpired sessions from a database-backed store (the default
    `db`, `cached_db`). Sessions name their user only inside their signed data, so each
    is decoded: a rare action by one person. Other stores (signed cookies, cache) are
    ended by the new token at their next request."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    live = model.objects.filter(expire_date__gt=timezone.now()).iterator()
    theirs = [s.session_key for s in live if s.get_decoded().get(SESSION_KEY) == str(user.pk)]
    for key in theirs:
        store(session_key=key).delete()
    return len(theirs)
