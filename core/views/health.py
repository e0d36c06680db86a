"""The health check a load balancer and an operator ask (README "Operating the portal").

/healthz answers the four named checks (core.operations.health) as JSON: HTTP 200 when
all are ok, 503 when one is not. /healthz?ready=web asks only what the web process
needs (database, Redis): run_portal waits for it before the worker and beat are up."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core.operations.health import CHECKS, OK, WEB_CHECKS, health


@never_cache
def healthz(request):
    names = WEB_CHECKS if request.GET.get("ready") == "web" else tuple(CHECKS)
    answers = health(names)
    status = 200 if all(answer == OK for answer in answers.values()) else 503
    return JsonResponse(answers, status=status)
