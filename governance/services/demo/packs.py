"""The demo's audit pack: the auditor's export of the hiring screener over the last
year, requested through the service like any other, so `make run`'s export worker
renders, signs and lists it a few seconds after the portal starts."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core.models import User
from governance.models import AuditPack
from governance.services.packs.export import pack_request
from registry.models import AISystem

AUDITOR_EMAIL = "auditor@example.com"
SYSTEM_ID = "SYS-001"


def ensure_audit_pack() -> bool:
    """Request the demo pack unless a pack exists already; True when it was requested."""
    if AuditPack.objects.exists():
        return False
    auditor = User.objects.get(email=AUDITOR_EMAIL)
    screener = AISystem.objects.get(system_id=SYSTEM_ID)
    today = timezone.localdate()
    pack_request(
        actor=auditor,
        scope=AuditPack.Scope.SYSTEM,
        systems=[screener],
        date_from=today - timedelta(days=365),
        date_to=today,
    )
    return True
