"""An incident's notifications through the API, on the same services as the pages:
draft one for an audience, edit it while unsent, mark it sent (the authority's reference
is optional), and set the facts the notices carry. Under
/api/v1/incidents/<incident_id>/notifications/.

Permissions are judged on the incident before any notification is looked up, so a
person who may not write gets 403 whether or not the notification exists."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.serializers import StrictInput
from core.api.viewsets import PortalViewSet, action_schema
from incidents import choices as c
from incidents import selectors
from incidents.models import Incident, IncidentNotification
from incidents.selectors.pages import notification_get_for
from incidents.services.notice_facts import NOTICE_FACTS, incident_notice_facts_update
from incidents.services.notifications import (
    notification_draft,
    notification_mark_sent,
    notification_update,
)
from registry.models import LONG_TEXT

NOT_FOUND = not_found("incident or notification")
REGIMES = [
    ("", "Not a regulator's report"),
    ("gdpr_72h", "GDPR Art. 33"),
    ("ai_act_art73", "EU AI Act Art. 73"),
]


class NotificationSerializer(serializers.ModelSerializer):
    sent_by = serializers.SlugRelatedField(slug_field="email", read_only=True, allow_null=True)

    class Meta:
        model = IncidentNotification
        fields = [
            "id",
            "audience",
            "phase",
            "regime",
            "recipient",
            "subject",
            "body",
            "created_at",
            "sent_at",
            "sent_by",
            "reference",
            "delay_reasons",
        ]
        read_only_fields = fields


class DraftSerializer(StrictInput, serializers.Serializer):
    audience = serializers.ChoiceField(choices=c.Audience.choices)
    phase = serializers.ChoiceField(
        choices=c.NotificationPhase.choices, default=c.NotificationPhase.INITIAL
    )
    regime = serializers.ChoiceField(choices=REGIMES, required=False, default="")


class EditSerializer(StrictInput, serializers.Serializer):
    subject = serializers.CharField(max_length=300)
    body = serializers.CharField(max_length=LONG_TEXT)
    recipient = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SendSerializer(StrictInput, serializers.Serializer):
    sent_at = serializers.DateTimeField(help_text="When it was sent (ISO 8601, with its zone).")
    reference = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The authority's or the submission's reference, if it gave one.",
    )
    delay_reasons = serializers.CharField(
        max_length=LONG_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed for a GDPR report sent after the 72 hours.",
    )


class NoticeFactsSerializer(StrictInput, serializers.Serializer):
    """The facts the notices carry; only those given change (blank: not known yet)."""

    affected_records_estimate = serializers.IntegerField(
        min_value=0, required=False, allow_null=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NOTICE_FACTS[1:]:
            field = Incident._meta.get_field(name)
            self.fields[name] = serializers.CharField(
                max_length=field.max_length or LONG_TEXT,
                required=False,
                allow_blank=True,
                help_text=field.help_text,
            )


ONE = {200: NotificationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND}


@extend_schema_view(
    list=extend_schema(
        summary="An incident's notifications, drafted and sent",
        responses={200: NotificationSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(summary="One notification", responses=ONE),
    create=extend_schema(
        summary="Draft a notification from the incident's facts",
        request=DraftSerializer,
        responses={**ONE, 201: NotificationSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit an unsent draft", request=EditSerializer, responses=ONE
    ),
)
class IncidentNotificationViewSet(PortalViewSet):
    """/api/v1/incidents/<incident_id>/notifications/[<pk>/[send/]] and .../facts/."""

    serializer_class = NotificationSerializer
    pagination_class = None  # an incident has a handful of notices: the list is one array
    lookup_value_regex = "[0-9]+"
    read_permission = "incidents.incident.view"
    action_permissions = {
        "list": "incidents.incident.view",
        "retrieve": "incidents.incident.view",
        "metadata": "incidents.incident.view",
        "create": "incidents.notification.draft",
        "partial_update": "incidents.notification.send",
        "send": "incidents.notification.send",
        "facts": "incidents.notification.draft",
    }

    def get_queryset(self) -> QuerySet:
        return IncidentNotification.objects.none()  # every read goes through the selectors

    def _incident(self) -> Incident:
        """The incident in the URL, and 403 unless this action is allowed on it."""
        incident = selectors.incident_get_for(self.request.user, self.kwargs["incident_id"])
        self.require(self.action_permissions[self.action], incident)
        return incident

    def get_object(self) -> IncidentNotification:
        """Judged on the incident (above), so no object permission on the notification."""
        self._incident()
        pk = int(self.kwargs["pk"])
        return notification_get_for(self.request.user, self.kwargs["incident_id"], pk)

    def list(self, request, *args, **kwargs):
        incident = self._incident()
        rows = incident.notifications.select_related("sent_by").order_by("created_at", "pk")
        return Response(NotificationSerializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(NotificationSerializer(self.get_object()).data)

    def create(self, request, *args, **kwargs):
        incident = self._incident()
        data = self.valid_input(DraftSerializer)
        made = notification_draft(actor=request.user, incident=incident, **data)
        return Response(NotificationSerializer(made).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        notification = self.get_object()
        data = self.valid_input(EditSerializer)
        notification_update(actor=request.user, notification=notification, **data)
        return Response(NotificationSerializer(notification).data)

    @action_schema(
        "Record that it was sent (then frozen; meets its clock)",
        request=SendSerializer,
        response=NotificationSerializer,
        missing=NOT_FOUND,
    )
    @action(detail=True, methods=["post"])
    def send(self, request, *args, **kwargs):
        notification = self.get_object()
        data = self.valid_input(SendSerializer)
        notification_mark_sent(actor=request.user, notification=notification, **data)
        return Response(NotificationSerializer(notification).data)

    @action_schema(
        "Set the facts the notices carry (records, categories, consequences, measures, "
        "advice, causal link)",
        request=NoticeFactsSerializer,
        response=NoticeFactsSerializer,
        missing=NOT_FOUND,
    )
    @action(detail=False, methods=["patch"])
    def facts(self, request, *args, **kwargs):
        incident = self._incident()
        data = self.valid_input(NoticeFactsSerializer)
        incident_notice_facts_update(actor=request.user, incident=incident, **data)
        return Response({name: getattr(incident, name) for name in NOTICE_FACTS})
