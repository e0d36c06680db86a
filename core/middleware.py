"""Request id for the audit trail, the rule that every page needs a login, JSON 404s
under /api/, and the viewer's time zone on every page and fragment."""

import re
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils import timezone

from core.request_context import reset_request_id, set_request_id
from core.views.common import viewer_time_zone

# Paths anonymous visitors may reach: the login flow, static files, the API and its
# schema (scripts with a token; they answer 401/403, and a JSON 404, by themselves) and
# the health check and Prometheus's scrape (guarded by its own token or network list,
# core.views.metrics); the browsers' reports of what the Content-Security-Policy refused
# (the sign-in page has one too); and a vendor's questionnaire link (/q/<token>/), which
# carries its own credential (vendors.views.questionnaire). The API's docs page is for
# people: it goes through sign-in like any page.
PUBLIC_PREFIXES = (
    "/accounts/",
    "/static/",
    "/api/",
    "/healthz",
    "/metrics",
    "/csp-report/",
    "/q/",
)
SIGN_IN_FIRST = ("/api/docs/",)
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
        path = request.path
        public = path.startswith(PUBLIC_PREFIXES) and not path.startswith(SIGN_IN_FIRST)
        if not public and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class ApiNotFoundMiddleware:
    """Every 404 under /api/ is JSON, like DRF's own: also for a path that names no
    endpoint (an unknown path, a system ID the URL pattern refuses), which Django would
    answer with the portal's HTML page. Sits after CommonMiddleware, which still
    redirects a path missing its trailing slash."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return JsonResponse({"detail": "Not found."}, status=404)
        return response


class ViewerTimeZoneMiddleware:
    """Every page and fragment a signed-in person gets is rendered in their time zone.

    Activated for the whole request, so an htmx fragment (rendered without base.html's
    `{% timezone %}`), the admin's templates and any time a view formats in Python read
    the same zone as the page around them. Not under /api/: the API answers in UTC,
    whoever asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or not (user and user.is_authenticated):
            return self.get_response(request)
        timezone.activate(ZoneInfo(viewer_time_zone(user)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
