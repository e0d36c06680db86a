"""Models, cards and datasets in the Django admin, for portal administrators only, read
only: every write goes through cards.services (audited, with its rules), and decided
versions are permanent records."""

from __future__ import annotations

from django.contrib import admin

from cards.models import AIModel, Dataset, DatasheetVersion, ModelCard, ModelCardVersion
from core.admin import PortalAdminMixin


class ReadOnly(PortalAdminMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AIModel)
class AIModelAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("key", "name", "system")
    search_fields = ("key", "name", "system__system_id", "system__name")
    list_select_related = ("system",)


@admin.register(ModelCard)
class ModelCardAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("model", "created_at")
    list_select_related = ("model",)


@admin.register(ModelCardVersion)
class ModelCardVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("card", "number", "status", "created_by", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("card__model", "created_by", "decided_by")


@admin.register(Dataset)
class DatasetAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("key", "name", "owner_team")
    search_fields = ("key", "name")
    list_select_related = ("owner_team",)


@admin.register(DatasheetVersion)
class DatasheetVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("dataset", "number", "status", "approved_by", "approved_at")
    list_filter = ("status",)
    list_select_related = ("dataset", "approved_by")
