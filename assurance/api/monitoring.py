"""The monitoring API (issue 20 sections 2 and 4): a system's plan
(/api/v1/systems/{system_id}/monitoring-plan/: GET, POST to create or replace, PATCH to
change some of it) and its values (/metrics/: POST a batch, GET a time range). The
metrics endpoint alone accepts the system's scoped monitoring token, for that system
only (403 for another; core.api.authentication refuses it everywhere else)."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from assurance import choices as c
from assurance.selectors.monitoring import plan_of, values_in_range
from assurance.services.metrics import MAX_BATCH, PUSH, metrics_ingest, values_read
from assurance.services.plans import plan_save
from core.api.authentication import token_object_matches
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.serializers import StrictInput
from core.api.throttling import SIGNED_IN
from core.control_characters import control_character_message
from core.models import User
from core.permissions import require
from registry.models import AISystem
from registry.selectors.systems import system_get_for

VIEW = "assurance.view"
TAGS = ["assurance"]
PAGE_LIMIT = 1_000


class PlanMetricSerializer(StrictInput, serializers.Serializer):
    metric = serializers.CharField(max_length=80)
    group = serializers.CharField(max_length=80, allow_blank=True, default="")
    direction = serializers.ChoiceField(choices=c.Direction.choices)
    threshold = serializers.FloatField()
    breach_kind = serializers.ChoiceField(
        choices=c.BreachKind.choices, default=c.BreachKind.PERFORMANCE_REGRESSION
    )
    card_metric = serializers.CharField(max_length=200, allow_blank=True, default="")


class PlanInputSerializer(StrictInput, serializers.Serializer):
    interval_minutes = serializers.IntegerField(
        min_value=1, max_value=60 * 24 * 366, help_text="Longest gap allowed between values."
    )
    metrics = PlanMetricSerializer(many=True, max_length=100)
    recipients = serializers.ListField(
        child=serializers.EmailField(), required=False, default=list, max_length=50
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)


class PlanPatchSerializer(PlanInputSerializer):
    interval_minutes = serializers.IntegerField(
        min_value=1, max_value=60 * 24 * 366, required=False
    )
    metrics = PlanMetricSerializer(many=True, max_length=100, required=False)
    # What is not sent stays as it is: no defaults.
    recipients = serializers.ListField(
        child=serializers.EmailField(), required=False, max_length=50
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class PlanSerializer(serializers.Serializer):
    system_id = serializers.CharField()
    interval_minutes = serializers.IntegerField()
    metrics = PlanMetricSerializer(many=True)
    recipients = serializers.ListField(child=serializers.EmailField())
    notes = serializers.CharField()
    updated_at = serializers.DateTimeField()


def plan_shown(plan) -> dict:
    return {
        "system_id": plan.system.system_id,
        "interval_minutes": int(plan.interval.total_seconds() // 60),
        "metrics": [
            {f: getattr(m, f) for f in PlanMetricSerializer().fields} for m in plan.metrics.all()
        ],
        "recipients": [u.email for u in plan.recipients.all()],
        "notes": plan.notes,
        "updated_at": plan.updated_at,
    }


def _recipients(emails: list[str]) -> list[User]:
    found = {u.email.lower(): u for u in User.objects.filter(email__in=emails, is_active=True)}
    missing = [e for e in emails if e.lower() not in found]
    if missing:
        raise exceptions.ValidationError({"recipients": [f"No active user {missing[0]}."]})
    return list(found.values())


SYSTEM_PARAM = OpenApiParameter("system_id", OpenApiTypes.STR, OpenApiParameter.PATH)


class MonitoringPlanView(APIView):
    """A system's monitoring plan: read by members, kept by whoever changes the system."""

    permission_classes = SIGNED_IN

    def _system(self, request, system_id) -> AISystem:
        require(request.user, VIEW)
        return system_get_for(request.user, system_id=system_id)

    @extend_schema(
        operation_id="system_monitoring_plan_retrieve",
        summary="The system's monitoring plan",
        parameters=[SYSTEM_PARAM],
        responses={200: PlanSerializer, 403: FORBIDDEN, 404: not_found("system or plan")},
        tags=TAGS,
    )
    def get(self, request, system_id):
        plan = plan_of(self._system(request, system_id))
        if plan is None:
            raise exceptions.NotFound("This system has no monitoring plan yet.")
        return Response(plan_shown(plan))

    @extend_schema(
        operation_id="system_monitoring_plan_save",
        summary="Create the system's monitoring plan, or replace it whole",
        parameters=[SYSTEM_PARAM],
        request=PlanInputSerializer,
        responses={200: PlanSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: not_found("system")},
        tags=TAGS,
    )
    def post(self, request, system_id):
        system = self._system(request, system_id)
        return self._save(request, system, PlanInputSerializer, None)

    @extend_schema(
        operation_id="system_monitoring_plan_update",
        summary="Change some of the system's monitoring plan",
        parameters=[SYSTEM_PARAM],
        request=PlanPatchSerializer,
        responses={
            200: PlanSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: not_found("system or plan"),
        },
        tags=TAGS,
    )
    def patch(self, request, system_id):
        system = self._system(request, system_id)
        require(request.user, "assurance.plan.manage", system)
        plan = plan_of(system)
        if plan is None:
            raise exceptions.NotFound("This system has no monitoring plan yet: POST one.")
        return self._save(request, system, PlanPatchSerializer, plan_shown(plan))

    def _save(self, request, system, serializer_class, current: dict | None):
        require(request.user, "assurance.plan.manage", system)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {**(current or {}), **serializer.validated_data}
        with transaction.atomic():
            plan = plan_save(
                actor=request.user,
                system=system,
                interval=timedelta(minutes=data["interval_minutes"]),
                metrics=data["metrics"],
                recipients=_recipients(data.get("recipients") or []),
                notes=data.get("notes") or "",
            )
        return Response(plan_shown(plan_of(plan.system)))


class MetricValueSerializer(serializers.Serializer):
    metric = serializers.CharField(max_length=80)
    group = serializers.CharField(max_length=80, allow_blank=True, default="")
    value = serializers.FloatField()
    observed_at = serializers.DateTimeField()


class MetricBatchSerializer(serializers.Serializer):
    values = MetricValueSerializer(many=True, min_length=1, max_length=MAX_BATCH)


class IngestedSerializer(serializers.Serializer):
    stored = serializers.IntegerField(help_text="Values stored now.")
    duplicates = serializers.IntegerField(help_text="Values already stored: nothing twice.")
    unknown = serializers.ListField(
        child=serializers.CharField(),
        help_text="Metrics not in the plan: stored, judged against no threshold.",
    )
    episodes_opened = serializers.IntegerField(help_text="Breach episodes opened.")


class MetricValuePageSerializer(serializers.Serializer):
    results = MetricValueSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="The next page, or null.")


RANGE_PARAMS = [
    SYSTEM_PARAM,
    OpenApiParameter("metric", OpenApiTypes.STR, description="Only this metric."),
    OpenApiParameter("group", OpenApiTypes.STR, description="Only this group ('' overall)."),
    OpenApiParameter("from", OpenApiTypes.DATETIME, description="Observed at or after."),
    OpenApiParameter("to", OpenApiTypes.DATETIME, description="Observed before."),
    OpenApiParameter("after", OpenApiTypes.STR, description="The cursor of `next`."),
]


class MetricsView(APIView):
    """POST a batch of values (the system's monitoring token, or a person who may push
    for the system); GET them back by range (people who may see the system)."""

    permission_classes = SIGNED_IN
    token_scope = "monitoring"

    @extend_schema(
        operation_id="system_metrics_push",
        summary=f"Push a batch of up to {MAX_BATCH} values; idempotent by "
        "(metric, group, observed_at)",
        parameters=[SYSTEM_PARAM],
        request=MetricBatchSerializer,
        responses={
            200: IngestedSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: not_found("system"),
        },
        tags=TAGS,
    )
    def post(self, request, system_id):
        system, scoped = self._system(request, system_id)
        if not scoped:  # refused before the body is read, as every write of the API
            require(request.user, PUSH, system)
        body = request.data
        if not isinstance(body, dict) or set(body) != {"values"}:
            extra = sorted(set(body) - {"values"}) if isinstance(body, dict) else []
            field = extra[0] if extra else "values"
            raise exceptions.ValidationError({field: ['Send {"values": [...]} and nothing else.']})
        values = values_read(body["values"], now=timezone.now())
        done = metrics_ingest(
            actor=request.user, system=system, values=values, by_scoped_token=scoped
        )
        return Response(vars(done))

    @extend_schema(
        operation_id="system_metrics_list",
        summary="The system's values by time range, oldest first, a page at a time",
        parameters=RANGE_PARAMS,
        responses={
            200: MetricValuePageSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: not_found("system"),
        },
        tags=TAGS,
    )
    def get(self, request, system_id):
        if _scoped(request):
            raise exceptions.PermissionDenied("A monitoring token only pushes values.")
        system, _ = self._system(request, system_id)
        params = request.query_params
        rows = values_in_range(
            system,
            metric=_param_text(params, "metric") or "",
            group=_param_text(params, "group"),
            start=_param_time(params, "from"),
            end=_param_time(params, "to"),
        )
        after = _cursor_read(params.get("after"))
        if after:
            at, pk = after
            rows = rows.filter(observed_at__gt=at) | rows.filter(observed_at=at, id__gt=pk)
        page = list(rows.values("id", "metric", "group", "value", "observed_at")[: PAGE_LIMIT + 1])
        more = len(page) > PAGE_LIMIT
        page = page[:PAGE_LIMIT]
        next_url = None
        if more:
            query = params.copy()
            query["after"] = _cursor(page[-1])
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        results = [{k: v for k, v in row.items() if k != "id"} for row in page]
        return Response({"results": results, "next": next_url})

    def _system(self, request, system_id) -> tuple[AISystem, bool]:
        """The system, and whether the caller is its own monitoring token."""
        if _scoped(request):
            system = AISystem.objects.filter(system_id=system_id).first()
            if system is None or not token_object_matches(request, system.pk):
                raise exceptions.PermissionDenied("This token is for another system's values.")
            return system, True
        require(request.user, VIEW)
        return system_get_for(request.user, system_id=system_id), False


def _scoped(request) -> bool:
    return bool(getattr(request.auth, "scope", ""))


def _param_text(params, name: str) -> str | None:
    """A name to filter on; a control character (PostgreSQL keeps no NUL) is a 400."""
    raw = params.get(name)
    if raw is not None and (refused := control_character_message(raw)):
        raise exceptions.ValidationError({name: [refused]})
    return raw


def _param_time(params, name: str) -> datetime | None:
    raw = params.get(name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise exceptions.ValidationError({name: ["Give an ISO 8601 time with its zone."]})
    return moment


def _cursor(row: dict) -> str:
    text = f"{row['observed_at'].isoformat()}|{row['id']}"
    return base64.urlsafe_b64encode(text.encode()).decode()


def _cursor_read(raw: str | None) -> tuple[datetime, int] | None:
    if not raw:
        return None
    try:
        at, pk = base64.urlsafe_b64decode(raw.encode()).decode().split("|")
        return datetime.fromisoformat(at), int(pk)
    except (ValueError, UnicodeDecodeError):
        raise exceptions.ValidationError({"after": ["Not a cursor this list gave."]}) from None
