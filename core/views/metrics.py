"""/metrics for Prometheus: django-prometheus's request, latency and database metrics and
the portal's own (core.operations.metrics), behind a token and/or a network list.

Off (404) unless METRICS_TOKEN or METRICS_ALLOWED_NETWORKS is set; when both are set a
scrape needs both. The token comes as `Authorization: Bearer <token>`, compared in
constant time; the address is REMOTE_ADDR, or the last address in the header that
METRICS_CLIENT_IP_HEADER names (the one the proxy in front of the portal appended)."""

from __future__ import annotations

import hmac
import ipaddress
import os

import prometheus_client
from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import multiprocess

from core.operations.metrics import PortalCollector


@never_cache
def metrics(request):
    token, networks = settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS
    if not token and not networks:
        raise Http404("Metrics are off")
    if (token and not _token_matches(request, token)) or (
        networks and not _address_allowed(request, networks)
    ):
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    page = prometheus_client.generate_latest(_ScrapeRegistry())
    return HttpResponse(page, content_type=prometheus_client.CONTENT_TYPE_LATEST)


class _ScrapeRegistry:
    """This process's metrics (or every gunicorn worker's, in multiprocess mode) and the
    portal's, computed now."""

    def collect(self):
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = prometheus_client.CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        else:
            registry = prometheus_client.REGISTRY
        yield from registry.collect()
        yield from PortalCollector().collect()


def _token_matches(request, token: str) -> bool:
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        offered.strip().encode(), token.encode()
    )


def _address_allowed(request, networks) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    header = settings.METRICS_CLIENT_IP_HEADER
    if header:
        address = request.headers.get(header, "").split(",")[-1].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)
