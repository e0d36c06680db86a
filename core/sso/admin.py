"""The admin of single sign-on: the table of group mappings (audited like every admin
write), and the people's links to the provider, read-only.

allauth's own admin would let anyone with Django's model permissions configure a
provider in the database (the portal takes its one provider from settings only), edit
stored tokens, or link a provider identity to another person without an audit event:
its three pages are replaced here."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

from core.admin import AuditedAdminMixin, ReadOnlyAdmin
from core.models import SsoGroupMapping

for _model in (SocialApp, SocialToken, SocialAccount):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(SsoGroupMapping)
class SsoGroupMappingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Which role (and, for a product owner, which team) each provider group gives.
    People's roles follow at their next single sign-on."""

    list_display = ("group", "role", "team")
    list_filter = ("role", "team")
    search_fields = ("group",)
    autocomplete_fields = ("team",)


@admin.register(SocialAccount)
class SocialAccountAdmin(ReadOnlyAdmin):
    """Who signs in through the provider, as whom there (its `sub`), since when."""

    list_display = ("user", "provider", "uid", "date_joined", "last_login")
    list_select_related = ("user",)
    search_fields = ("uid", "user__email")
