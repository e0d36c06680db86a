"""Deadlines in the admin, read-only: apps open, move, meet and cancel them through
core.clocks.services in the transaction that changes their subject, never by hand."""

from django.contrib import admin

from core.admin import PortalAdminMixin
from core.models import Deadline


@admin.register(Deadline)
class DeadlineAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ("label", "kind", "due_at", "owner", "next_alert_at", "met_at", "cancelled_at")
    list_filter = ("kind",)
    list_select_related = ("owner",)
    search_fields = ("label", "kind", "owner__email", "subject_id")
    readonly_fields = [f.name for f in Deadline._meta.fields]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
