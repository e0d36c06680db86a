"""The registry in the Django admin, for portal administrators only.

Writes go through registry.services (systems, controls) or record their own audit
event (the control library), so the admin is no way around the audit trail.
Classifications and AI Act screenings are permanent records: read-only here.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from core.admin import PortalAdminMixin
from core.audit import audit_record, diff_fields
from core.permissions import can, require
from core.writes import row_update
from registry import services
from registry.models import (
    AIActScreening,
    AISystem,
    Classification,
    ControlDefinition,
    SystemControl,
)


class AdministratorsOnly(PortalAdminMixin):
    """Only portal administrators use the admin, whatever their Django model permissions
    say: the same rule as core's admin (`core.admin.manage`), for view, add and change."""

    def has_delete_permission(self, request, obj=None):
        return False  # registry records are history; systems are decommissioned, not deleted


class PermanentRecord(AdministratorsOnly):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AISystem)
class AISystemAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("system_id", "name", "owner_team", "lifecycle_stage", "risk_tier")
    list_filter = ("risk_tier", "lifecycle_stage", "ai_act_category", "reclassification_needed")
    search_fields = ("system_id", "name", "description", "model_version")
    list_select_related = ("owner_team",)
    fields = (
        *services.SYSTEM_CREATE_FIELDS,
        "risk_score",
        "risk_tier",
        "ai_act_category",
        "ai_act_annex_area",
        "gate_status",
        "reclassification_needed",
        "reclassification_reasons",
    )
    readonly_fields = fields[len(services.SYSTEM_CREATE_FIELDS) :]
    # No bulk actions: none may set a stage, which changes only by passing a gate.
    actions = None

    def get_readonly_fields(self, request, obj=None):
        """A registered system's ID is fixed and its stage changes only through a gate;
        a new one may be registered at the stage it is in."""
        if obj:
            return (*self.readonly_fields, "system_id", "lifecycle_stage")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        """Through system_create / system_update, which validate, flag and audit."""
        if change:
            data = {f: form.cleaned_data[f] for f in form.changed_data}
            original = AISystem.objects.get(pk=obj.pk)
            services.system_update(actor=request.user, system=original, data=data)
            return
        data = {f: form.cleaned_data[f] for f in services.SYSTEM_CREATE_FIELDS}
        created = services.system_create(actor=request.user, data=data)
        obj.pk, obj._state.adding = created.pk, False


@admin.register(Classification)
class ClassificationAdmin(PermanentRecord, admin.ModelAdmin):
    list_display = ("system", "score", "tier", "classified_by", "classified_at")
    list_filter = ("tier",)
    search_fields = ("system__system_id", "system__name")
    list_select_related = ("system", "classified_by")


@admin.register(AIActScreening)
class AIActScreeningAdmin(PermanentRecord, admin.ModelAdmin):
    list_display = ("system", "category", "presumed_high_risk", "decided_by", "decided_at")
    list_filter = ("category", "presumed_high_risk")
    search_fields = ("system__system_id", "system__name")
    list_select_related = ("system", "decided_by")


@admin.register(SystemControl)
class SystemControlAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("system", "control", "status", "retired_at")
    list_filter = ("status", "control")
    search_fields = ("system__system_id", "control__name")
    list_select_related = ("system", "control")
    fields = ("system", "control", "status", "justification", "evidence_links", "retired_at")
    readonly_fields = ("system", "control", "retired_at")

    def has_add_permission(self, request, obj=None):
        return False  # controls follow from a classification

    def get_readonly_fields(self, request, obj=None):
        """An approval control is set only by the role whose approval it is."""
        if obj is not None and not can(request.user, "registry.control.change", obj):
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        original = SystemControl.objects.select_related("system", "control").get(pk=obj.pk)
        services.control_update(
            actor=request.user,
            control=original,
            status=form.cleaned_data["status"],
            justification=form.cleaned_data["justification"],
            evidence_links=form.cleaned_data["evidence_links"],
        )


@admin.register(ControlDefinition)
class ControlDefinitionAdmin(AdministratorsOnly, admin.ModelAdmin):
    """The control library: administrators change it without a deploy, audited.

    Which tiers require a control is the scoring scheme's (a versioned edit on the
    portal's scoring-scheme page), so the library's own tier list is shown read-only:
    as the shipped default it no longer decides anything.
    """

    list_display = ("name", "key")
    search_fields = ("name", "key")

    def get_readonly_fields(self, request, obj=None):
        return ("key", "required_for_tiers") if obj else ("required_for_tiers",)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        """No service of its own: checks the administrator policy and audits here."""
        require(request.user, "core.admin.manage")
        if change:
            row_update(
                actor=request.user,
                obj=ControlDefinition.objects.get(pk=obj.pk),
                values={f: form.cleaned_data[f] for f in form.changed_data},
                action="control_definition.changed",
            )
            return
        super().save_model(request, obj, form, change)
        after = {f: _plain(getattr(obj, f)) for f in form.changed_data}
        audit_record(
            actor=request.user,
            action="control_definition.created",
            obj=obj,
            changes=diff_fields({}, after),
        )


def _plain(value):
    return list(value) if isinstance(value, list) else value
