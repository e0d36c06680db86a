"""The API's settings (Django REST framework, drf-spectacular): who may call it, in which
format, how lists page and filter, the rate limits, and the schema. Imported by name into
config/settings.py."""

import os

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "core.api.throttling.RefuseAnonymousFloods",
        "rest_framework.permissions.IsAuthenticated",
    ],
    # The API is for scripts and pipelines: JSON bodies only (the schema then offers no
    # form encodings, where an empty field cannot be told from a missing one).
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    # Rate limits (core.api.throttling): a 429 with Retry-After beyond them. A pipeline
    # polling "may SYS-007 pass?" stays far below the person's rate; a token guesser
    # meets the failed-token one after a handful of tries.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.PersonThrottle",
        "core.api.throttling.AnonymousThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_RATE_PER_PERSON", "1200/min"),
        "anon": os.environ.get("API_RATE_ANONYMOUS", "60/min"),
        "failed_token": os.environ.get("API_RATE_FAILED_TOKENS", "20/min"),
    },
    # Counted per client address; behind a proxy, the proxies in front of the portal.
    "NUM_PROXIES": int(os.environ["API_NUM_PROXIES"]) if "API_NUM_PROXIES" in os.environ else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AI Governance Portal API",
    "DESCRIPTION": "AI system registry, classification and governance records.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Anonymous visitors see only the login page; the schema and its UI need a login too.
    "SERVE_PERMISSIONS": [
        "core.api.throttling.RefuseAnonymousFloods",
        "rest_framework.permissions.IsAuthenticated",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.forbid_unknown_request_fields",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DecisionImpactEnum": "registry.choices.DecisionImpact",
        "UserVulnerabilityEnum": "registry.choices.UserVulnerability",
        "RiskTierEnum": "registry.choices.RiskTier",
        "GateRequestStatusEnum": "registry.choices.GateRequestStatus",
        "ApprovalDecisionEnum": "registry.choices.ApprovalDecision",
        "VendorProductKindEnum": "vendors.choices.ProductKind",
        "VendorChangeKindEnum": "vendors.choices.ChangeKind",
        "VendorEvidenceKindEnum": "vendors.choices.EvidenceKind",
        # An incident's status in the incident and the breach register answers alike.
        "IncidentStatusEnum": "incidents.choices.IncidentStatus",
        "CardVersionStatusEnum": "cards.choices.CardVersionStatus",
        "DatasheetStatusEnum": "cards.choices.DatasheetStatus",
        # compliance: a person's role (a framework's reviewer) is the one role enum.
        "RoleEnum": "core.choices.Role",
        "RequirementStatusEnum": "compliance.api.serializers.REQUIREMENT_STATUSES",
        "EvidenceItemStateEnum": "compliance.api.serializers.ITEM_STATES",
        # An audit pack's and an Annex IV render's progress: the same four states.
        "RenderStatusEnum": "governance.models.AuditPack.Status",
        # A red-team exercise's words (status, methods, the stack tested, a result's source).
        "ExerciseStatusEnum": "assurance.choices.ExerciseStatus",
        "RedTeamMethodEnum": "assurance.choices.Method",
        "StackPartEnum": "assurance.choices.StackPart",
        "RedTeamResultSourceEnum": "assurance.choices.ResultSource",
    },
}
