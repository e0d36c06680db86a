"""The demo's compliance (issue 19), written through the compliance services and run by
`manage.py load_demo` as a contributed step (core.demo_steps):

- Legal files six organisation-wide policies (AI governance, risk management, data
  governance, log retention, incident reporting, breach notification), valid a year,
  and the hiring screener's owner its architecture documentation;
- Legal accepts what stands for the hiring screener (SYS-001) under the EU AI Act and
  GDPR except its model card, which the browser journey accepts for Art. 11;
- the AI safety lead accepts what stands for churn prediction (SYS-007) under the
  NIST AI RMF;
- every system's statuses are computed, so the board's matrix opens filled in.

Idempotent: once a policy is filed, a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from compliance.models import ComplianceDocument, Requirement
from compliance.services.acceptances import evidence_decide
from compliance.services.coverage import coverage_refresh_all
from compliance.services.documents import document_file
from core.evidence_kinds import evidence_found
from core.models import User
from registry.models import AISystem

POLICIES = {
    "ai-governance-policy": "AI governance policy 2026",
    "risk-management-procedure": "AI risk management procedure v3",
    "data-governance-policy": "Data governance policy v2",
    "log-retention-policy": "Log retention policy",
    "serious-incident-procedure": "AI incident reporting procedure",
    "breach-notification-procedure": "Personal data breach procedure",
}
# (system, framework, reviewer, evidence kinds the reviewer accepts)
DECISIONS = [
    (
        "SYS-001",
        "eu-ai-act",
        "legal@example.com",
        {"document", "ai_act_screening", "classification"},
    ),
    ("SYS-001", "gdpr", "legal@example.com", {"document", "control", "incident_log"}),
    ("SYS-007", "nist-ai-rmf", "safety@example.com", {"document", "model_card", "control"}),
]


def demo_compliance() -> str:
    """The step; its console line."""
    if ComplianceDocument.objects.exists():
        return "Compliance: already filed."
    legal = User.objects.get(email="legal@example.com")
    today = timezone.localdate()
    for document_type, title in POLICIES.items():
        text = f"# {title}\n\nThe demo organisation's {title.lower()}.\n"
        document_file(
            actor=legal,
            document_type=document_type,
            title=title,
            upload=SimpleUploadedFile(f"{document_type}.md", text.encode()),
            applies_from=today - timedelta(days=30),
            expires_on=today + timedelta(days=335),
        )
    _architecture_file(today)
    decided = sum(_accept_present(*decision) for decision in DECISIONS)
    now = timezone.now()
    refreshed = coverage_refresh_all(today=today, now=now)
    return (
        f"Compliance: {len(POLICIES)} policies filed, {decided} evidence decisions, "
        f"statuses of {refreshed.systems} systems computed."
    )


def _architecture_file(today) -> None:
    """The hiring screener's owner files its architecture documentation (Art. 11)."""
    owner = User.objects.get(email="owner@example.com")
    text = "# Resume screener: architecture\n\nRanker, feature store, recruiter console.\n"
    document_file(
        actor=owner,
        system=AISystem.objects.get(system_id="SYS-001"),
        document_type="architecture-documentation",
        title="Resume screener architecture",
        upload=SimpleUploadedFile("sys-001-architecture.md", text.encode()),
        applies_from=today - timedelta(days=10),
    )


def _accept_present(system_id: str, framework_key: str, email: str, kinds: set[str]) -> int:
    """Accept every current record of `kinds` the owning apps offer for the framework's
    requirements of the system, as the reviewer would one by one."""
    system = AISystem.objects.get(system_id=system_id)
    reviewer = User.objects.get(email=email)
    requirements = Requirement.objects.filter(
        framework__key=framework_key, framework__is_current=True, assessable=True
    ).select_related("framework")
    asked = {(i["kind"], i.get("detail", "")) for r in requirements for i in r.evidence}
    found = evidence_found(asked, [system.pk], timezone.localdate())
    count = 0
    for req in requirements:
        for index, item in enumerate(req.evidence):
            if item["kind"] not in kinds:
                continue
            for record in found.get(item["kind"], {}).get((system.pk, item.get("detail", "")), []):
                if record.current:
                    evidence_decide(
                        actor=reviewer,
                        system=system,
                        requirement=req,
                        item=index,
                        record_type=record.record_type,
                        record_id=record.record_id,
                        accepted=True,
                    )
                    count += 1
    return count
