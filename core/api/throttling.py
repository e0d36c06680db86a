"""API rate limits (DRF throttling): per person, per anonymous address, and for tokens
that fail, so nobody can guess tokens at speed. Rates come from settings
(`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`); a refused request is a 429 with
`Retry-After`."""

from rest_framework import exceptions, permissions, throttling
from rest_framework.settings import api_settings


class LiveRates:
    """DRF binds the rates when it is imported; read them at each request instead, so
    a changed setting (an operator's, a test's) takes effect without a restart."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class PersonThrottle(LiveRates, throttling.UserRateThrottle):
    """Requests a signed-in person or a token's owner may make."""


class AnonymousThrottle(LiveRates, throttling.AnonRateThrottle):
    """Requests from an address with no credentials at all."""


class RefuseAnonymousFloods(permissions.BasePermission):
    """The anonymous rate, counted before anything else. DRF checks throttles after
    permissions, which an anonymous caller never passes: without this, a flood of
    anonymous requests would be answered 401/403 forever and never meet its limit.
    First in every view's permission classes (SIGNED_IN)."""

    def has_permission(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        throttle = AnonymousThrottle()
        if not throttle.allow_request(request, view):
            raise exceptions.Throttled(wait=throttle.wait())
        return True


# What every API view asks first: the anonymous rate, then a signed-in caller.
SIGNED_IN = [RefuseAnonymousFloods, permissions.IsAuthenticated]


class FailedTokenThrottle(LiveRates, throttling.SimpleRateThrottle):
    """Wrong or revoked tokens from one address. Authentication runs before DRF's
    throttles, so core.api.authentication asks this one itself: first `refuse_if_over`,
    then `count` when the token fails."""

    scope = "failed_token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def refuse_if_over(self, request) -> None:
        if self.rate is None:
            return
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            raise exceptions.Throttled(
                wait=self.wait(), detail="Too many wrong tokens from this address."
            )

    def count(self, request) -> None:
        if self.rate is None:
            return
        self.refuse_if_over(request)
        self.throttle_success()
