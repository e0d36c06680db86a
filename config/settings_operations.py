"""What operators see (README "Operating the portal"): Prometheus metrics at /metrics,
the logs (plain text, or JSON lines with LOG_FORMAT=json) and the middleware that
times requests. Imported by name into config/settings.py."""

import ipaddress
import os

# /metrics answers 404 (off) until one of these is set; with both, a scrape needs both.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = tuple(
    str(ipaddress.ip_network(net.strip(), strict=False))  # a typo fails at start, not later
    for net in os.environ.get("METRICS_ALLOWED_NETWORKS", "").split(",")
    if net.strip()
)
# Behind a proxy REMOTE_ADDR is the proxy's: name the header it writes the client's
# address into (X-Forwarded-For); its last address is the one the proxy appended.
METRICS_CLIENT_IP_HEADER = os.environ.get("METRICS_CLIENT_IP_HEADER", "")

# django-prometheus times every request between these two (first and last middleware).
METRICS_MIDDLEWARE_FIRST = "django_prometheus.middleware.PrometheusBeforeMiddleware"
METRICS_MIDDLEWARE_LAST = "django_prometheus.middleware.PrometheusAfterMiddleware"
# Its database backend counts connections, queries, their time and errors.
DATABASE_ENGINE = "django_prometheus.db.backends.postgresql"

LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").lower()
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
if LOG_FORMAT not in {"text", "json"}:
    raise ValueError(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_tokens": {"()": "vendors.rules.log_redaction.RedactQuestionnaireTokens"},
        "request_id": {"()": "core.logging.RequestIdFilter"},
    },
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_tokens", "request_id"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # The dev server's access lines go through the same filter (a link's token is secret).
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
# A worker's lines go through the handler above (JSON too) rather than Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"
