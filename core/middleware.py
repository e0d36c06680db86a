"""Request id for the audit trail, and the rule that every page needs a login."""

import uuid

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

from core.request_context import reset_request_id, set_request_id

# Paths anonymous visitors may reach: the login flow, static files, the API
# (which answers 401/403 by itself) and the health check.
PUBLIC_PREFIXES = ("/accounts/", "/static/", "/api/", "/healthz")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
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
