"""Per-user API tokens; only a hash of the secret is stored."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A bearer token for scripts and CI pipelines. Shown once, stored as SHA-256."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'CI pipeline'.")
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A scoped token can do one thing only: the API views that declare the same
    # `token_scope` accept it (core.api.authentication), and each checks `scope_object`
    # (e.g. the one system whose monitoring values it may push). "" is a person's token.
    scope = models.CharField(max_length=40, blank=True, default="", db_default="")
    scope_object = models.CharField(max_length=40, blank=True, default="", db_default="")
    scope_label = models.CharField(
        max_length=200, blank=True, default="", db_default="", help_text="What it may do."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_scoped(self) -> bool:
        return bool(self.scope)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
