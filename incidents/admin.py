"""The incident playbook in the Django admin (administrators only, every change audited):
the immediate actions and containment options copied onto new incidents as their
checklist. An item is retired (its retirement date set) rather than deleted, so what
older incidents were given stays explainable."""

from django.contrib import admin

from core.admin import AuditedAdminMixin
from incidents.models import PlaybookItem


@admin.register(PlaybookItem)
class PlaybookItemAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("text", "phase", "type", "severity", "order", "retired_at")
    list_filter = ("phase", "type", "severity", ("retired_at", admin.EmptyFieldListFilter))
    search_fields = ("text",)
    ordering = ("phase", "type", "severity", "order", "id")
    fields = ("phase", "type", "severity", "text", "order", "retired_at")

    def has_delete_permission(self, request, obj=None):
        return False
