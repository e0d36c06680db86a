"""Deadlines in the admin, read-only: apps open, move, meet and cancel them through
core.clocks.services in the transaction that changes their subject, never by hand."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from core.models import Deadline


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("label", "kind", "due_at", "owner", "next_alert_at", "met_at", "cancelled_at")
    list_filter = ("kind",)
    list_select_related = ("owner",)
    search_fields = ("label", "kind", "owner__email", "subject_id")
