"""Where browsers report what the Content-Security-Policy refused (config/settings.py)."""

import json
import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("aigov.csp")

# A report is a few hundred bytes; anything much larger is not one.
MAX_REPORT_BYTES = 16 * 1024


@csrf_exempt  # the browser sends it on its own, with no token
@require_POST
def csp_report(request):
    """Log one violation report (`application/csp-report` or the Reporting API's list)
    and answer 204. The log line names the page, the directive and what was blocked,
    so a policy that breaks a page shows in the logs before anyone files a ticket."""
    if int(request.headers.get("Content-Length") or 0) > MAX_REPORT_BYTES:
        return HttpResponseBadRequest("A report is at most 16 KB.")
    try:
        payload = json.loads(request.body or b"null")
    except ValueError:
        return HttpResponseBadRequest("A report is a JSON document.")
    for report in _reports(payload):
        logger.warning(
            "CSP refused %s on %s (%s)",
            report.get("blocked-uri") or report.get("blockedURL") or "an inline resource",
            report.get("document-uri") or report.get("documentURL") or "an unknown page",
            report.get("violated-directive") or report.get("effectiveDirective") or "?",
        )
    return HttpResponse(status=204)


def _reports(payload) -> list[dict]:
    """The reports in either shape: {"csp-report": {...}} (report-uri) or a list of
    {"type": "csp-violation", "body": {...}} (report-to)."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list):
        return [
            item["body"]
            for item in payload
            if isinstance(item, dict) and isinstance(item.get("body"), dict)
        ]
    return []
