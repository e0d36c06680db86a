"""Request id for the audit trail, and the rule that every page needs a login."""

import re
import uuid

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

from core.request_context import reset_request_id, set_request_id

# Paths anonymous visitors may reach: the login flow, static files, the API and its
# schema (scripts with a token; they answer 401/403 by themselves) and the health
# check. The API's docs page is for people: it goes through sign-in like any page.
PUBLIC_PREFIXES = ("/accounts/", "/static/", "/api/v1/", "/api/schema/", "/healthz")
# A request id from a proxy is kept when it looks like one; it is written into the
# hash-chained audit trail, so anything else is replaced by our own.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        token = set_request_id(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request.request_id
        return response


class LoginRequiredMiddleware:
    """Anonymous visitors see only the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
