"""A system's monitoring token (issue 20 section 4): issued by the system's owner or an
administrator for one system, shown once, revocable, audited.

The token acts as the person who issued it, only on the views that declare the
"monitoring" scope (core.api.authentication) and only for its system (the views check
token_object_matches). Any owner of the system (or an administrator) revokes any of the
system's tokens, also one another owner issued: core's own rule lets only the token's
holder or an administrator revoke, so the revocation goes through this service, which
checks assurance.token.issue on the system instead.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from assurance.selectors.logs import SCOPE
from core.models import ApiToken
from core.permissions import require
from core.services import IssuedToken, api_token_issue
from core.writes import row_lock, row_update
from registry.models import AISystem

ACTION_LABELS = {
    "monitoring_token.revoked": "Revoked a system's monitoring token",
}


def scope_label(system: AISystem) -> str:
    return f"push monitoring values and log digests for {system.system_id}"


@transaction.atomic
def monitoring_token_issue(*, actor, system: AISystem, name: str) -> IssuedToken:
    """A token for `system` held by `actor`; the key in the answer is the only copy."""
    require(actor, "assurance.token.issue", system)
    name = name.strip() or f"{system.system_id} monitoring"
    return api_token_issue(
        actor=actor,
        user=actor,
        name=name,
        scope=SCOPE,
        scope_object=str(system.pk),
        scope_label=scope_label(system),
    )


@transaction.atomic
def monitoring_token_revoke(*, actor, system: AISystem, token: ApiToken) -> ApiToken:
    """Revoke one of the system's monitoring tokens; a second revocation changes nothing."""
    require(actor, "assurance.token.issue", system)
    row_lock(token)
    if token.scope != SCOPE or token.scope_object != str(system.pk):
        raise ValueError(f"Token {token.prefix} is not a monitoring token of {system.system_id}.")
    if token.revoked_at is None:
        row_update(
            actor=actor,
            obj=token,
            values={"revoked_at": timezone.now()},
            action="monitoring_token.revoked",
            audit_extra={"user": token.user.email, "system": system.system_id},
        )
    return token
