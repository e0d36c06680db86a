"""The nightly full walk of the audit chain: it keeps the verified checkpoint near the
head, so a pack's build walks one day of events at most, and it is the walk that finds
an event changed in place before an earlier checkpoint, which incremental walks trust."""

from __future__ import annotations

from django.urls import reverse

from core.audit import ChainReport, audit_checkpoint_verified, audit_verify
from core.choices import Role
from core.selectors import users_with_role
from core.services import notification_send_each

NIGHTLY_LABEL = "Nightly full verification"


def audit_chain_verify_nightly() -> ChainReport:
    """Walk the whole chain from event #1. Intact: record the head as a verified
    checkpoint. Broken: tell every administrator which event, once per broken event
    (the walk runs again each night until someone acts; one notice is enough)."""
    report = audit_verify()
    if report.ok:
        audit_checkpoint_verified(report=report, label=NIGHTLY_LABEL)
        return report
    notification_send_each(
        users_with_role(Role.ADMIN),
        title=f"The audit trail is broken at event #{report.first_broken_seq}",
        reason="You are an administrator, and the nightly walk of the audit trail failed.",
        body=(
            f"Audit event #{report.first_broken_seq}: {report.problem}. The {report.checked:,} "
            "events before it verify. Run `manage.py audit_verify` to see it again, and "
            "compare with the last backup (`manage.py restore` verifies an archive's chain)."
        ),
        link=reverse("core:audit_verify"),
        dedupe_key=lambda person: f"audit-broken:{report.first_broken_seq}:{person.pk}",
    )
    return report
