"""The Django admin for administrators: people, roles, teams, tokens, notifications.

Every write made here goes through a service (the model's own, or core's admin_row_save
and admin_row_delete for models without one), which audits it: the admin is no back
door around the audit trail. The audit trail itself is read-only.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction

from core.identity import identity_change_record, user_address_vouch
from core.models import (
    ApiToken,
    AuditEvent,
    Notification,
    OrganisationProfile,
    RoleAssignment,
    Team,
    User,
)
from core.permissions import can, require
from core.selectors import organisation_profile_get
from core.services import (
    admin_row_delete,
    admin_row_save,
    api_token_revoke,
    organisation_profile_update,
    role_grant,
    role_revoke,
)


class PortalAdminMixin:
    """The portal's policy decides, not Django's per-model permissions: administrators
    (the admin role, or superusers) manage these models; staff flags alone do not."""

    def _administers(self, request) -> bool:
        return can(request.user, "core.admin.manage")

    def has_module_permission(self, request):
        return self._administers(request)

    def has_view_permission(self, request, obj=None):
        return self._administers(request)

    def has_add_permission(self, request, *args):
        return self._administers(request)

    def has_change_permission(self, request, obj=None):
        return self._administers(request)

    def has_delete_permission(self, request, obj=None):
        return self._administers(request)


class AuditedAdminMixin(PortalAdminMixin):
    """Records `<model>.created` / `.changed` / `.deleted` with the changed fields.

    For models without a service of their own: core's admin_row_save and
    admin_row_delete check the administrator policy, write and audit. Bulk deletion
    goes row by row through `delete_model`, so each deleted row has its own event.
    """

    secret_fields: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        changed = {
            name: "(changed)" if name in self.secret_fields else str(form.cleaned_data.get(name))
            for name in form.changed_data
        }
        admin_row_save(actor=request.user, obj=obj, created=not change, changed=changed)

    def delete_model(self, request, obj):
        admin_row_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        """The "Delete selected" action: all or nothing, one audited deletion per row."""
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class PortalUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data["time_zone"].strip()
        if zone not in available_timezones():
            raise forms.ValidationError("Not a time zone name, e.g. Europe/Berlin or UTC.")
        return zone


class RoleAssignmentInline(PortalAdminMixin, admin.TabularInline):
    model = RoleAssignment
    extra = 1
    fields = ("role", "team", "granted_at")
    readonly_fields = ("granted_at",)
    autocomplete_fields = ("team",)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    inlines = [RoleAssignmentInline]
    secret_fields = ("password", "password1", "password2")
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "role_assignments__role")
    search_fields = ("email", "full_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "time_zone")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "usable_password")}),
        (None, {"fields": ("password1", "password2")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # people are deactivated, never deleted: the audit trail names them

    def save_model(self, request, obj, form, change):
        """The address an administrator gives an account is its verified login address
        (core.identity): set with the audited change, in the same transaction."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change or "email" in form.changed_data:
                user_address_vouch(user=obj)

    def user_change_password(self, request, id, form_url=""):  # noqa: A002 - Django's name
        """Django's set-password page; a password it sets (or disables) is recorded as an
        identity change with the administrator as actor and the person as object."""
        require(request.user, "core.admin.manage")
        with transaction.atomic():
            before = User.objects.filter(pk=id).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            person = User.objects.filter(pk=id).first()
            if person is not None and before is not None and person.password != before:
                usable = person.has_usable_password()
                identity_change_record(
                    actor=request.user,
                    user=person,
                    action="password.set_by_admin",
                    changes={"password_sign_in": "enabled" if usable else "disabled"},
                )
        return response

    def save_formset(self, request, form, formset, change):
        """Role changes go through role_grant / role_revoke, which audit them."""
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for assignment in formset.deleted_objects:
            role_revoke(actor=request.user, assignment=assignment)
        for assignment in instances:
            if assignment.pk:
                role_revoke(
                    actor=request.user, assignment=RoleAssignment.objects.get(pk=assignment.pk)
                )
            role_grant(
                actor=request.user, user=form.instance, role=assignment.role, team=assignment.team
            )
        return None


@admin.register(Team)
class TeamAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ApiToken)
class ApiTokenAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__email")
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "key_hash",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ["revoke_tokens"]

    def has_add_permission(self, request):
        return False  # issued on the profile page or with `manage.py issue_token`

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke_tokens(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for token in tokens:
            api_token_revoke(actor=request.user, token=token)
        self.message_user(request, f"{len(tokens)} token(s) revoked.", messages.SUCCESS)


class ReadOnlyAdmin(PortalAdminMixin, admin.ModelAdmin):
    """A record the admin shows and never changes: no add, change, delete or actions."""

    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Read-only: the record of who was told what, and when; written by the deadline
    sweep and the services, never by hand."""

    list_display = ("title", "recipient", "created_at", "read_at", "emailed_at")
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__email", "subject_id")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the database refuses changes anyway; the admin does not offer them."""

    list_display = ("seq", "at", "actor_label", "action", "object_type", "object_id")
    search_fields = ("action", "object_type", "object_id", "actor_label", "request_id")
    show_full_result_count = False


from core.clocks import admin as clocks_admin  # noqa: E402, F401  (registers Deadline)
from core.sso import admin as sso_admin  # noqa: E402, F401  (group mappings, provider links)


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(PortalAdminMixin, admin.ModelAdmin):
    """The organisation profile (one row; the portal's own page is /organisation/).
    Saving goes through organisation_profile_update, so each change is audited."""

    def has_add_permission(self, request, *args):
        return False  # the one row exists from its first read (organisation_profile_get)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        organisation_profile_get()
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        organisation_profile_update(actor=request.user, **changed)
