"""The demo portfolio: `load_demo` gives the company of DOMAIN.md, and only once."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from core.models import AuditEvent, Deadline, RoleAssignment, User
from governance.services.demo import portfolio as demo
from registry.models import AISystem, Classification, SystemVendorProduct
from vendors.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=_Sink())


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_loading_twice_gives_fourteen_systems_and_adds_no_audit_events(loaded):
    events = AuditEvent.objects.count()
    out = _Sink()
    call_command("load_demo", stdout=out)
    assert AISystem.objects.count() == 14
    assert Classification.objects.count() == 14  # 12 effective, 2 proposals waiting
    assert AuditEvent.objects.count() == events
    assert "(0 new)" in out.text


def test_every_demo_login_has_its_role_and_the_shared_password(loaded):
    held = {
        (a.user.email, a.role, a.team.name if a.team else None)
        for a in RoleAssignment.objects.select_related("user", "team")
    }
    for email, _name, role, team, _hint in demo.USERS:
        assert (email, role, team) in held
        assert authenticate(email=email, password="demo-governance") is not None
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.get(email="board@example.com").is_staff


def test_product_owners_own_people_ops_and_customer_success(loaded):
    owners = RoleAssignment.objects.filter(role="product_owner").select_related("user", "team")
    assert {(a.user.email, a.team.name) for a in owners} == {
        ("owner@example.com", "People Ops"),
        ("owner2@example.com", "Customer Success"),
    }


@pytest.mark.parametrize(
    ("name", "score", "tier"),
    [
        ("Hiring resume screener", 13, "high"),
        ("Billing customer-service chatbot", 11, "medium"),
        ("Internal document summarizer", 6, "low"),
    ],
)
def test_the_worked_examples_have_their_domain_scores(loaded, name, score, tier):
    system = AISystem.objects.get(name=name)
    assert (system.risk_score, system.risk_tier) == (score, tier)
    record = system.classifications.get(status="effective")
    assert (record.score, record.tier, record.classified_by.email) == (
        score,
        tier,
        "safety@example.com",
    )


def test_the_portfolio_mixes_tiers_screenings_and_open_work(loaded):
    systems = AISystem.objects.all()
    tiers = sorted(s.risk_tier for s in systems if s.risk_tier)
    assert set(tiers) == {"critical", "high", "medium", "low"}
    assert systems.filter(risk_tier="").count() == 2
    flagged = systems.get(reclassification_needed=True)
    assert flagged.system_id == "SYS-010" and flagged.reclassification_reasons
    assert systems.filter(ai_act_category="prohibited").get().system_id == "SYS-012"
    assert systems.filter(vendor_links__removed_at__isnull=True).distinct().count() >= 4
    statuses = set(systems.get(system_id="SYS-001").controls.values_list("status", flat=True))
    assert {"implemented", "in_progress", "missing"} <= statuses


def test_the_logins_table_names_every_demo_user_and_the_password():
    from governance.management.commands.load_demo import logins_table

    table = logins_table()
    assert "demo-governance" in table
    for email, *_ in demo.USERS:
        assert email in table


def test_two_owners_proposals_wait_for_the_reviewers_and_change_no_tier(loaded):
    waiting = Classification.objects.filter(status="proposed").select_related("system")
    assert {(c.system.system_id, c.classified_by.email, c.tier) for c in waiting} == {
        ("SYS-001", "owner@example.com", "high"),
        ("SYS-007", "owner2@example.com", "medium"),
    }
    tiers = dict(AISystem.objects.values_list("system_id", "risk_tier"))
    assert (tiers["SYS-001"], tiers["SYS-007"]) == ("high", "medium")
    scores = dict(AISystem.objects.values_list("system_id", "risk_score"))
    assert (scores["SYS-001"], scores["SYS-007"]) == (13, 9)


def test_the_demo_register_has_twenty_risks_with_domains_three_examples(loaded):
    from governance.models import Risk

    risks = {r.title: r for r in Risk.objects.prefetch_related("systems")}
    assert len(risks) == 20
    assert len({r.category for r in risks.values()}) == 8
    route = risks["Route optimiser suggests unsafe roads for hazardous cargo"]
    assert (route.inherent_level, route.residual_level) == ("high", "medium")
    assert [s.system_id for s in route.systems.all()] == ["SYS-009"]
    assert route.existing_controls.count() == 2
    scorer = risks["Financing scorer disadvantages merchants in certain postal codes"]
    assert (scorer.category, scorer.inherent_level, scorer.residual_level) == (
        "fairness",
        "high",
        "low",
    )
    agent = risks["Support agent can be jailbroken into issuing fraudulent refunds"]
    assert (agent.inherent_level, agent.residual_level) == ("medium", "low")
    overdue = [
        r for r in risks.values() if r.next_review and r.next_review < route.created_at.date()
    ]
    assert len(overdue) >= 4


def test_the_classified_systems_have_reviews_one_overdue_one_due_soon(loaded):
    reviews = Deadline.objects.filter(kind="registry.system_review", met_at=None)
    classified = AISystem.objects.exclude(risk_tier="").count()
    assert reviews.count() == classified
    now = timezone.now()
    overdue = reviews.filter(due_at__lte=now)
    assert [(d.label.split()[2], d.owner.email) for d in overdue] == [
        ("SYS-001", "owner@example.com")
    ]
    soon = reviews.filter(due_at__gt=now, due_at__lte=now + timedelta(days=14))
    assert [d.owner.email for d in soon] == ["owner2@example.com"]


def test_the_demo_incidents_have_live_clocks(loaded):
    from incidents.models import Incident
    from incidents.selectors import incident_clocks

    now = timezone.now()
    by_title = {i.title: i for i in Incident.objects.select_related("system")}
    assert len(by_title) == 4
    privacy = by_title["Refund agent quoted other customers' order details"]
    gdpr = {c.kind: c for c in incident_clocks(privacy, now)}["gdpr_72h"]
    assert gdpr.running and not gdpr.breached
    assert timedelta(hours=41) < gdpr.due_at - now <= timedelta(hours=42)
    critical = by_title["Jailbreak prompt published against the moderation model"]
    clocks = incident_clocks(critical, now)
    assert clocks and all(c.met_at and not c.breached for c in clocks)
    fraud = by_title["Fraud model recall dropped after the feature pipeline change"]
    assert {c.kind for c in incident_clocks(fraud, now) if c.breached} >= {"triage", "containment"}
    art73 = by_title["Screener rejected applicants over 50 at four times the rate"]
    assert art73.system.name == "Hiring resume screener"
    art73_clock = {c.kind: c for c in incident_clocks(art73, now)}["ai_act_art73"]
    assert art73_clock.running and art73_clock.due_at - art73.discovered_at == timedelta(days=15)
    assert Deadline.objects.filter(kind="incidents.gdpr_72h").count() == 1


def test_the_hiring_screener_is_blocked_at_pre_deployment_with_two_artifacts_missing(loaded):
    from registry.selectors.gates import gate_check

    auditor = User.objects.get(email="auditor@example.com")
    system = AISystem.objects.get(system_id="SYS-001")
    request = system.gate_requests.get()
    assert (system.lifecycle_stage, request.status) == ("development", "open")
    assert request.gate.slug == "pre-deployment-security-review"
    check = gate_check(auditor, "SYS-001", "pre-deployment-security-review", timezone.localdate())
    assert check.can_proceed is False and check.result == "blocked"
    assert check.missing_artifacts == ("Red team report", "Data lineage documentation")
    assert check.missing_approvals == ("CISO", "Legal") and check.missing_tests == ()
    assert request.artifacts.filter(evidence__isnull=False).count() == 5


def test_a_medium_system_was_approved_into_production_through_its_gates(loaded):
    system = AISystem.objects.get(system_id="SYS-007")
    assert (system.risk_tier, system.lifecycle_stage) == ("medium", "production")
    history = list(system.gate_requests.order_by("requested_at", "id"))
    assert [(r.gate.slug, r.status) for r in history] == [
        ("development-authorization", "approved"),
        ("pre-deployment-security-review", "not_required"),
        ("production-deployment", "approved"),
    ]
    moves = AuditEvent.objects.filter(action="system.stage_changed", object_id=str(system.pk))
    assert moves.count() == 3


def test_one_annual_review_proceeded_with_a_remediation_plan(loaded):
    from core.models import Deadline

    request = AISystem.objects.get(system_id="SYS-011").gate_requests.get()
    assert (request.gate.slug, request.status) == ("annual-production-review", "remediation")
    assert request.remediation_owner.email == "safety@example.com"
    assert request.gaps["tests"] == ["failed: Re-run bias benchmark suite"]
    assert Deadline.objects.filter(due_at__date=request.remediation_due).exists()


def test_the_demo_has_five_assessed_vendors_across_the_tiers_and_links_the_screener(loaded):
    current = Assessment.objects.filter(status="scored").select_related("product__vendor")
    tiers = {a.product.vendor.name: (a.risk_tier, a.use_approved) for a in current}
    assert len(tiers) == 5
    assert {tier for tier, _ in tiers.values()} == {"high", "medium", "low"}
    # The CISO approved it on a plan, and the signed amendment is attached: remediation done.
    assert tiers["TalentSift"] == ("high", True)
    talentsift = next(a for a in current if a.product.vendor.name == "TalentSift")
    assert talentsift.remediation_done_at is not None
    assert talentsift.evidence.filter(kind="signed_amendment").exists()
    screener = SystemVendorProduct.objects.get(system__system_id="SYS-001")
    assert screener.product.vendor.name == "TalentSift" and screener.removed_at is None
    # Every linked product is approved for use (the link service refuses the others).
    linked = SystemVendorProduct.objects.values_list("product_id", flat=True)
    assert all(a.use_approved for a in current if a.product_id in set(linked))


def test_the_auditor_has_asked_for_one_audit_pack_of_the_screener(loaded):
    from governance.models import AuditPack

    pack = AuditPack.objects.get()
    assert (pack.requested_by.email, pack.scope, pack.status) == (
        "auditor@example.com",
        "system",
        "queued",
    )
    assert list(pack.systems.values_list("system_id", flat=True)) == ["SYS-001"]
    assert (pack.date_to - pack.date_from).days == 365
    call_command("load_demo", stdout=_Sink())
    assert AuditPack.objects.count() == 1


def test_the_demo_organisation_has_a_complete_profile_in_berlin(loaded):
    from core.rules import organisation_missing
    from core.selectors import organisation_profile_get
    from core.services import ORGANISATION_FIELDS

    profile = organisation_profile_get()
    assert organisation_missing(profile, ORGANISATION_FIELDS) == []
    assert (profile.legal_name, profile.time_zone) == ("Example Marketplace GmbH", "Europe/Berlin")
    assert AuditEvent.objects.filter(action="organisation.updated").count() == 1
