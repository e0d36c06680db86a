"""`Authorization: Token <key>` for scripts and CI pipelines."""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core.api.throttling import FailedTokenThrottle
from core.models import ApiToken
from core.services import token_hash


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            FailedTokenThrottle().count(request)
            raise exceptions.AuthenticationFailed("Invalid token header: give 'Token <key>'.")
        # An address that sent too many wrong tokens is refused before its next one is
        # looked up (429 with Retry-After), so tokens cannot be guessed at speed.
        failures = FailedTokenThrottle()
        failures.refuse_if_over(request)
        key = header[1].decode("utf-8", errors="replace")
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=token_hash(key), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            failures.count(request)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        if token.scope and token.scope != _view_scope(request):
            # Fail closed: a scoped token works only where a view declares its scope.
            raise exceptions.PermissionDenied(
                f"This token may only {token.scope_label or token.scope}; it can do nothing else."
            )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


def _view_scope(request) -> str | None:
    view = (getattr(request, "parser_context", None) or {}).get("view")
    return getattr(view, "token_scope", None)


def token_object_matches(request, value: object) -> bool:
    """For a view that accepts a scoped token: is this request's token (if scoped) for
    `value` (e.g. the system's pk)? A person's token or a session always matches; the
    view's own permission decides for them."""
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken) or not token.scope:
        return True
    return token.scope_object == str(value)


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "core.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication: `Token <key>`.",
        }
