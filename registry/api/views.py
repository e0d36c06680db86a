"""The registry API: thin views over registry.selectors and registry.services, on
core's PortalViewSet.

Every action of a viewset names the portal action it needs in `action_permissions`;
an action without an entry is refused (fail closed). Reading needs
"registry.system.view" before anything else, so people without a role get 403
rather than learning which systems exist.
"""

from __future__ import annotations

import functools

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.openapi import Write, standard_schema
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.viewsets import KitListMixin, PortalViewSet
from registry import services
from registry.api.serializers import (
    ClassificationReviewSerializer,
    ClassificationSerializer,
    ClassifyInputSerializer,
    SystemSerializer,
    SystemUpdateSerializer,
    SystemWriteSerializer,
)
from registry.lists.systems import SYSTEM_LIST
from registry.models import SYSTEM_ID_URL_PATTERN
from registry.selectors import systems as selectors
from registry.selectors.classification import classification_get_for

NOT_FOUND = not_found("system")
REGISTER_EXAMPLE = OpenApiExample(
    "Register a hiring screener",
    request_only=True,
    value={
        "name": "Resume screener",
        "description": "Ranks applicants' CVs for recruiters, who review every shortlist.",
        "owner_team": "people-ops",
        "lifecycle_stage": "development",
        "decision_type": "employment",
        "user_population": "general_public",
        "regulatory_scope": ["eu_ai_act", "gdpr", "eeoc"],
    },
    description="Without `system_id`, the system gets the next free one.",
)
CHANGE_EXAMPLE = OpenApiExample(
    "Record the model version now running",
    request_only=True,
    value={"model_version": "talentsift-rank-2025-06", "lifecycle_stage": "production"},
)


@standard_schema(
    missing=NOT_FOUND,
    list_summary="List AI systems (filtered, sorted, paginated)",
    retrieve_summary="One AI system",
    create=Write("Register an AI system", SystemWriteSerializer, examples=(REGISTER_EXAMPLE,)),
    update=Write("Replace a system's fields", SystemUpdateSerializer),
    partial_update=Write(
        "Change some of a system's fields", SystemUpdateSerializer, examples=(CHANGE_EXAMPLE,)
    ),
)
class SystemViewSet(KitListMixin, mixins.RetrieveModelMixin, PortalViewSet):
    """AI systems, looked up by system ID (e.g. /api/v1/systems/SYS-001/). No DELETE."""

    lookup_field = "system_id"
    lookup_value_regex = SYSTEM_ID_URL_PATTERN
    # PUT replaces a system's editable fields (PATCH changes some of them).
    http_method_names = [*PortalViewSet.http_method_names, "put"]
    serializer_class = SystemSerializer
    list_spec = SYSTEM_LIST
    read_permission = "registry.system.view"
    action_permissions = {
        "list": "registry.system.view",
        "retrieve": "registry.system.view",
        "metadata": "registry.system.view",
        "create": "registry.system.create",
        "update": "registry.system.change",
        "partial_update": "registry.system.change",
        "classify": "registry.system.classify",
        "review_classification": "registry.classification.decide",
    }

    def get_queryset(self):
        return selectors.systems_visible_to(self.request.user)

    def object_get(self, user, key):
        return selectors.system_get_for(user, system_id=key)

    def list_query(self, user, params):
        # Rows from the selected values through the list's columns, not model instances
        # through the serializer: the same shape as SystemSerializer, a fraction of the time.
        return selectors.system_list_for(user, params)

    def create(self, request, *args, **kwargs):
        data = self.valid_input(SystemWriteSerializer)
        system = services.system_create(actor=request.user, data=data)
        return Response(self._shown(system), status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        system = self.get_object()
        data = self.valid_input(functools.partial(SystemUpdateSerializer, partial=partial))
        confirmed = data.pop("confirm_change", False)
        system = services.system_update(
            actor=request.user, system=system, data=data, confirm_change=confirmed
        )
        return Response(self._shown(system))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(
        summary="Classify a system (DOMAIN.md 2.1): effective at once for a reviewer, "
        "a proposal (status proposed, nothing changes yet) for its product owner",
        request=ClassifyInputSerializer,
        responses={201: ClassificationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def classify(self, request, *args, **kwargs):
        system = self.get_object()
        inputs = self.valid_input(ClassifyInputSerializer)  # the six dimensions, and:
        rationale = inputs.pop("rationale")
        outcome = services.system_classify(
            actor=request.user, system=system, inputs=inputs, rationale=rationale
        )
        shown = ClassificationSerializer(outcome.classification, context=_delta(outcome))
        return Response(shown.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Confirm or reject a product owner's proposed classification (reviewers)",
        request=ClassificationReviewSerializer,
        responses={200: ClassificationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="classification-review")
    def review_classification(self, request, *args, **kwargs):
        system = self.get_object()
        data = self.valid_input(ClassificationReviewSerializer)
        proposal = classification_get_for(request.user, system=system, pk=data["proposal"])
        # A refusal (stale, already decided, no note) is a ValidationError naming the
        # field; core.api.errors turns it into a 400.
        if data["decision"] == "confirm":
            outcome = services.classification_confirm(
                actor=request.user, proposal=proposal, note=data.get("note", "")
            )
            record, context = outcome.classification, _delta(outcome)
        else:
            record = services.classification_reject(
                actor=request.user, proposal=proposal, note=data.get("note", "")
            )
            context = {}
        return Response(ClassificationSerializer(record, context=context).data)

    def _shown(self, system) -> dict:
        """The system as the API shows it, read back with its control counts."""
        fresh = selectors.system_get_for(self.request.user, system_id=system.system_id)
        return SystemSerializer(fresh).data


def _delta(outcome) -> dict:
    return {"controls_added": outcome.added, "controls_retired": outcome.retired}
