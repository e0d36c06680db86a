"""Thin serializers of the registry API: they parse input and shape output.

Uniqueness, team ownership, re-classification and every other rule live in
registry.services; the views pass `validated_data` straight to them.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import StrictInput
from core.models import Team, User
from registry import choices as c
from registry.models import LONG_TEXT, AISystem, Classification
from registry.services import SYSTEM_CREATE_FIELDS, SYSTEM_EDITABLE_FIELDS
from registry.services.systems import STAGE_READ_ONLY
from registry.vocabulary import DIMENSIONS


class VendorProductRefSerializer(serializers.Serializer):
    """A vendor product the system uses (linked through the portal's system page)."""

    id = serializers.IntegerField()
    vendor = serializers.CharField()
    name = serializers.CharField()


class ControlSummarySerializer(serializers.Serializer):
    """How far the controls the system's tier requires are in place."""

    required = serializers.IntegerField()
    implemented = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    missing = serializers.IntegerField()


def _optional_choice(choices) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices.choices, allow_blank=True, read_only=True)


class SystemSerializer(serializers.ModelSerializer):
    """An AI system as the API shows it (from registry.selectors.systems, with control counts)."""

    owner_team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    incident_contact_user = serializers.SlugRelatedField(
        slug_field="email", read_only=True, allow_null=True
    )
    incident_contact_team = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    # Optional choices read "" when unset. Declared here because DRF drops allow_blank
    # from read-only model fields, and the schema would then promise a value.
    user_population = _optional_choice(c.UserVulnerability)
    decision_type = _optional_choice(c.DecisionImpact)
    deployment_scale = _optional_choice(c.DeploymentScale)
    ai_act_annex_area = _optional_choice(c.AnnexIIIArea)
    risk_tier = serializers.SerializerMethodField()
    controls = serializers.SerializerMethodField()
    vendor_products = serializers.SerializerMethodField()

    class Meta:
        model = AISystem
        fields = [
            *SYSTEM_CREATE_FIELDS,
            "gate_status",
            "risk_score",
            "risk_tier",
            "ai_act_category",
            "ai_act_annex_area",
            "reclassification_needed",
            "reclassification_reasons",
            "controls",
            "vendor_products",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=c.RiskTier.choices, allow_null=True))
    def get_risk_tier(self, system: AISystem) -> str | None:
        return system.risk_tier or None

    @extend_schema_field(VendorProductRefSerializer(many=True))
    def get_vendor_products(self, system: AISystem) -> list[dict]:
        links = system.vendor_links.filter(removed_at__isnull=True).select_related(
            "product__vendor"
        )
        return [
            {"id": link.product_id, "vendor": link.product.vendor.name, "name": link.product.name}
            for link in links.order_by("product__vendor__name", "product__name")
        ]

    @extend_schema_field(ControlSummarySerializer)
    def get_controls(self, system: AISystem) -> dict[str, int]:
        required = getattr(system, "controls_required", 0)
        counts = {
            "implemented": getattr(system, "controls_implemented", 0),
            "in_progress": getattr(system, "controls_in_progress", 0),
            "not_applicable": getattr(system, "controls_not_applicable", 0),
        }
        return {"required": required, **counts, "missing": required - sum(counts.values())}


class LookupSlugField(serializers.SlugRelatedField):
    """A related object by its slug; text PostgreSQL cannot hold (a NUL byte) is simply
    not found, rather than a database error. An empty string is refused (the schema asks
    for at least one character); null, where allowed, means none."""

    def get_value(self, dictionary):
        # Form data: DRF reads an empty value as null before validation sees it.
        if dictionary.get(self.field_name, None) == "":
            return ""
        return super().get_value(dictionary)

    def run_validation(self, data=serializers.empty):
        if data == "":
            raise serializers.ValidationError("This field may not be blank.")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class SystemWriteSerializer(StrictInput, serializers.ModelSerializer):
    """The fields a person sets when registering a system (including the stage it is at:
    systems already running are registered in production)."""

    owner_team = LookupSlugField(slug_field="slug", queryset=Team.objects.all())
    # The incident contact: an active person by their login address, or a team by slug.
    incident_contact_user = LookupSlugField(
        slug_field="email",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    incident_contact_team = LookupSlugField(
        slug_field="slug", queryset=Team.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = AISystem
        fields = list(SYSTEM_CREATE_FIELDS)
        # A duplicate system ID is refused by the service, in the portal's words; without
        # one, the service gives the next free ID.
        extra_kwargs = {"system_id": {"validators": [], "required": False}}


class SystemUpdateSerializer(SystemWriteSerializer):
    """A change to a registered system; its system ID may be repeated, never changed.
    Its lifecycle stage is not among the fields: it changes only by passing a gate."""

    confirm_change = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text="Needed while another part of the portal warns against changing the "
        "system (an EU AI Act Art. 73 serious incident not yet reported); audited.",
    )

    class Meta(SystemWriteSerializer.Meta):
        fields = [*SYSTEM_EDITABLE_FIELDS, "confirm_change"]
        extra_kwargs = {"system_id": {"validators": [], "required": False}}

    def to_internal_value(self, data):
        if hasattr(data, "keys") and "lifecycle_stage" in data:
            raise serializers.ValidationError({"lifecycle_stage": [STAGE_READ_ONLY]})
        return super().to_internal_value(data)


class ClassifyInputSerializer(StrictInput, serializers.Serializer):
    """Exactly the six dimensions of DOMAIN.md 2.1 and the rationale."""

    decision_impact = serializers.ChoiceField(choices=c.DecisionImpact.choices)
    human_oversight = serializers.ChoiceField(choices=c.HumanOversight.choices)
    data_sensitivity = serializers.ChoiceField(choices=c.DataSensitivity.choices)
    user_vulnerability = serializers.ChoiceField(choices=c.UserVulnerability.choices)
    deployment_scale = serializers.ChoiceField(choices=c.DeploymentScale.choices)
    decision_reversibility = serializers.ChoiceField(choices=c.DecisionReversibility.choices)
    rationale = serializers.CharField(max_length=LONG_TEXT)


class ClassificationSerializer(serializers.ModelSerializer):
    """A recorded classification, its status (a product owner's is `proposed` until a
    reviewer decides), and the controls its tier change added and retired."""

    system_id = serializers.CharField(source="system.system_id", read_only=True)
    classified_by = serializers.EmailField(source="classified_by.email", read_only=True)
    reviewer = serializers.EmailField(source="reviewer.email", read_only=True, allow_null=True)
    scheme_version = serializers.IntegerField(source="scheme.version", read_only=True)
    controls_added = serializers.SerializerMethodField()
    controls_retired = serializers.SerializerMethodField()

    class Meta:
        model = Classification
        fields = [
            "id",
            "system_id",
            *DIMENSIONS,
            "score",
            "tier",
            "scheme_version",
            "status",
            "rationale",
            "classified_by",
            "classified_at",
            "reviewer",
            "reviewed_at",
            "review_note",
            "controls_added",
            "controls_retired",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_controls_added(self, _classification) -> list[str]:
        return list(self.context.get("controls_added", ()))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_controls_retired(self, _classification) -> list[str]:
        return list(self.context.get("controls_retired", ()))


class ClassificationReviewSerializer(StrictInput, serializers.Serializer):
    """A reviewer's decision on a waiting proposal: confirm it, or reject it with a note."""

    proposal = serializers.IntegerField(min_value=1, help_text="The proposed classification's id.")
    decision = serializers.ChoiceField(choices=[("confirm", "Confirm"), ("reject", "Reject")])
    note = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)
