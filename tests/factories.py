"""factory_boy factories and the persona set used across the suite."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

import factory
from django.utils import timezone

from core.audit import audit_record
from core.choices import Role
from core.identity import user_address_vouch
from core.models import AuditEvent, EvidenceFile, RoleAssignment, Team, User
from governance.models import AuditPack, Risk
from governance.rules import risks as risk_rules
from incidents.models import Incident
from registry import services
from registry.data import install_gate_definitions
from registry.models import (
    AISystem,
    GateApproval,
    GateArtifact,
    GateDefinition,
    GateRequest,
    GateTestResult,
)
from vendors.models import Assessment, Vendor, VendorProduct

PASSWORD = "test-password-123"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.LazyAttribute(lambda t: t.name.lower().replace(" ", "-"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def login_address(user, create, extracted, **kwargs):
        """The account's address is its verified login address, as for an account an
        administrator creates (core.identity.user_address_vouch)."""
        if create:
            user_address_vouch(user=user)


class AISystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AISystem

    system_id = factory.Sequence(lambda n: f"SYS-{n + 100:03d}")
    name = factory.Sequence(lambda n: f"System {n}")
    description = "A system under test."
    owner_team = factory.SubFactory(TeamFactory)


class RiskFactory(factory.django.DjangoModelFactory):
    """A risk of the register with its scores and levels computed as the services do;
    owned by a new person unless `owner_user` or `owner_team` is given."""

    class Meta:
        model = Risk
        skip_postgeneration_save = True

    risk_id = factory.Sequence(lambda n: f"RISK-{n + 100:03d}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    description = "A risk under test."
    category = "safety"
    inherent_likelihood = 4
    inherent_impact = 4
    residual_likelihood = 2
    residual_impact = 3
    owner_user = factory.Maybe(
        "owner_team", yes_declaration=None, no_declaration=factory.SubFactory(UserFactory)
    )
    owner_team = None
    inherent_score = factory.LazyAttribute(
        lambda r: risk_rules.risk_score(r.inherent_likelihood, r.inherent_impact)
    )
    inherent_level = factory.LazyAttribute(lambda r: risk_rules.risk_level(r.inherent_score))
    residual_score = factory.LazyAttribute(
        lambda r: risk_rules.risk_score(r.residual_likelihood, r.residual_impact)
    )
    residual_level = factory.LazyAttribute(lambda r: risk_rules.risk_level(r.residual_score))

    @factory.post_generation
    def systems(self, create, extracted, **_kwargs):
        if create and extracted:
            self.systems.set(extracted)


def unsaved_risks(owner: User, count: int, start: int = 1000) -> list[Risk]:
    """Risks for bulk_create, for query-count tests at scale."""
    return [
        Risk(
            risk_id=f"RISK-{start + i:05d}",
            title=f"Bulk risk {i}",
            description="Bulk.",
            category="privacy",
            inherent_likelihood=3,
            inherent_impact=4,
            inherent_score=12,
            inherent_level="high",
            residual_likelihood=2,
            residual_impact=2,
            residual_score=4,
            residual_level="low",
            owner_user=owner,
        )
        for i in range(count)
    ]


def user_with_roles(email: str, *roles: str, team: Team | None = None) -> User:
    user = UserFactory(email=email)
    for role in roles:
        RoleAssignment.objects.create(
            user=user, role=role, team=team if role == Role.PRODUCT_OWNER else None
        )
    return user


@dataclass
class PersonaSet:
    people_ops: Team
    customer_success: Team
    admin: User
    board: User
    owner: User
    owner2: User
    dpo: User
    auditor: User
    ciso: User
    legal: User
    engmanager: User
    security: User
    safety: User
    responder: User
    outsider: User  # logged in, but holds no role


def make_personas() -> PersonaSet:
    people_ops = TeamFactory(name="People Ops", slug="people-ops")
    customer_success = TeamFactory(name="Customer Success", slug="customer-success")
    return PersonaSet(
        people_ops=people_ops,
        customer_success=customer_success,
        admin=user_with_roles("admin@example.com", Role.ADMIN),
        board=user_with_roles("board@example.com", Role.BOARD),
        owner=user_with_roles("owner@example.com", Role.PRODUCT_OWNER, team=people_ops),
        owner2=user_with_roles("owner2@example.com", Role.PRODUCT_OWNER, team=customer_success),
        dpo=user_with_roles("dpo@example.com", Role.DPO),
        auditor=user_with_roles("auditor@example.com", Role.AUDITOR),
        ciso=user_with_roles("ciso@example.com", Role.CISO),
        legal=user_with_roles("legal@example.com", Role.LEGAL),
        engmanager=user_with_roles("engmanager@example.com", Role.ENG_MANAGER),
        security=user_with_roles("security@example.com", Role.SECURITY_LEAD),
        safety=user_with_roles("safety@example.com", Role.AI_SAFETY),
        responder=user_with_roles("responder@example.com", Role.RESPONDER),
        outsider=UserFactory(email="outsider@example.com"),
    )


# --- registry: classification inputs, one per tier (DOMAIN.md 2.1 worked examples) ---

HIRING_SCREENER = {  # 13, high
    "decision_impact": "employment",
    "human_oversight": "partial",
    "data_sensitivity": "sensitive",
    "user_vulnerability": "general_public",
    "deployment_scale": "thousands",
    "decision_reversibility": "difficult_to_reverse",
}
BILLING_CHATBOT = {  # 11, medium
    **HIRING_SCREENER,
    "decision_impact": "financial",
    "decision_reversibility": "reversible",
}
DOCUMENT_SUMMARIZER = {  # 6, low
    "decision_impact": "informational",
    "human_oversight": "full",
    "data_sensitivity": "sensitive",
    "user_vulnerability": "professionals",
    "deployment_scale": "internal",
    "decision_reversibility": "reversible",
}
TRIAGE_ASSISTANT = {  # 22, critical
    "decision_impact": "life_safety",
    "human_oversight": "none",
    "data_sensitivity": "special_category",
    "user_vulnerability": "vulnerable_populations",
    "deployment_scale": "hundreds_of_thousands",
    "decision_reversibility": "irreversible",
}
INPUTS_FOR_TIER = {
    "critical": TRIAGE_ASSISTANT,
    "high": HIRING_SCREENER,
    "medium": BILLING_CHATBOT,
    "low": DOCUMENT_SUMMARIZER,
}


def unsaved_systems(team: Team, count: int, start: int = 1000) -> list[AISystem]:
    """Systems for bulk_create, for query-count tests at scale."""
    return [
        AISystem(
            system_id=f"SYS-{start + i:04d}",
            name=f"Bulk system {i}",
            description="Bulk-created for a query-count test.",
            owner_team=team,
        )
        for i in range(count)
    ]


# --- registry: systems the page and API tests start from -------------------------------


def people_ops_system(personas: PersonaSet, **fields) -> AISystem:
    """SYS-001, the resume screener of People Ops (owner: personas.owner)."""
    return AISystemFactory(
        system_id="SYS-001", name="Resume screener", owner_team=personas.people_ops, **fields
    )


def classified_system(personas: PersonaSet, inputs: dict | None = None) -> AISystem:
    """SYS-001 classified by the AI safety lead (HIRING_SCREENER: 13, high, 11 controls)."""
    system = people_ops_system(personas)
    services.system_classify(
        actor=personas.safety,
        system=system,
        inputs=inputs or HIRING_SCREENER,
        rationale="Screens applicants.",
    )
    return system


def four_systems(personas) -> None:
    """Four systems that differ in every filtered field."""
    people, success = personas.people_ops, personas.customer_success
    AISystemFactory(
        system_id="SYS-001",
        name="Resume screener",
        owner_team=people,
        risk_tier="high",
        risk_score=13,
        lifecycle_stage="production",
        regulatory_scope=["eu_ai_act", "gdpr", "eeoc"],
        ai_act_category="high_risk",
        ai_act_annex_area="employment",
        processes_eu_personal_data=True,
        legal_effect_decisions=True,
    )
    AISystemFactory(
        system_id="SYS-002",
        name="Billing chatbot",
        owner_team=success,
        risk_tier="medium",
        risk_score=11,
        lifecycle_stage="production",
        regulatory_scope=["gdpr", "ccpa"],
        ai_act_category="limited",
        processes_eu_personal_data=True,
        reclassification_needed=True,
        reclassification_reasons=["scale changed"],
    )
    AISystemFactory(
        system_id="SYS-003",
        name="Document summarizer",
        owner_team=people,
        risk_tier="low",
        risk_score=6,
        lifecycle_stage="development",
        ai_act_category="minimal",
    )
    AISystemFactory(
        system_id="SYS-004", name="Route optimiser", owner_team=success, description="Hazmat"
    )


# --- core: audit events ----------------------------------------------------------------


def record_events(actor, count: int) -> list[AuditEvent]:
    """`count` plain events on the chain, numbered in their changes."""
    return [
        audit_record(
            actor=actor,
            action="test.recorded",
            object_type="tests.thing",
            object_id=str(n),
            changes={"n": n},
        )
        for n in range(count)
    ]


# --- incidents -----------------------------------------------------------------------


class IncidentFactory(factory.django.DjangoModelFactory):
    """An incident row as stored, without clocks or checklist (for lists and pages);
    tests of the clocks report through incidents.services.report.incident_report."""

    class Meta:
        model = Incident

    incident_id = factory.Sequence(lambda n: f"INC-{n + 5000:04d}")
    system = factory.SubFactory(AISystemFactory)
    type = "privacy_violation"
    severity = "high"
    title = factory.Sequence(lambda n: f"Incident {n}")
    description = "An incident under test."
    discovered_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    reported_by = factory.SubFactory(UserFactory)


# --- evidence files and lifecycle gates ------------------------------------------------


class EvidenceFileFactory(factory.django.DjangoModelFactory):
    """An evidence file row as core's evidence service leaves it (the bytes themselves are
    not stored: gate and control tests only need the row and its hash)."""

    class Meta:
        model = EvidenceFile

    sha256 = factory.Sequence(lambda n: hashlib.sha256(f"evidence {n}".encode()).hexdigest())
    size = 1024
    content_type = "application/pdf"
    original_name = factory.Sequence(lambda n: f"evidence-{n}.pdf")
    safe_name = factory.LazyAttribute(lambda e: e.original_name)
    storage_name = factory.LazyAttribute(lambda e: f"evidence/{e.sha256}")
    uploaded_by = factory.SubFactory(UserFactory)
    applies_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


def gate_definition(slug: str) -> GateDefinition:
    """The version in force of a shipped gate (installed again if a flush removed it)."""
    if not GateDefinition.objects.filter(slug=slug).exists():
        install_gate_definitions(GateDefinition)
    return GateDefinition.objects.filter(slug=slug).order_by("-version").first()


class GateRequestFactory(factory.django.DjangoModelFactory):
    """A submitted (open) request, made directly (no sign-off, no notification): for
    reads and query counts. Services tests open drafts through `gate_request_open` and
    submit them through `gate_request_submit`."""

    class Meta:
        model = GateRequest

    status = "open"
    submitted_at = factory.LazyFunction(timezone.now)

    system = factory.SubFactory(AISystemFactory, lifecycle_stage="development")
    gate = factory.LazyFunction(lambda: gate_definition("pre-deployment-security-review"))
    from_stage = factory.LazyAttribute(lambda r: r.gate.from_stage)
    to_stage = factory.LazyAttribute(lambda r: r.gate.to_stage)
    tier = factory.LazyAttribute(lambda r: r.system.risk_tier)
    requested_by = factory.SubFactory(UserFactory)


class GateArtifactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateArtifact

    request = factory.SubFactory(GateRequestFactory)
    requirement = "model-card-final"
    evidence = factory.SubFactory(EvidenceFileFactory)
    label = factory.LazyAttribute(lambda a: a.evidence.original_name)
    sha256 = factory.LazyAttribute(lambda a: a.evidence.sha256)
    added_by = factory.LazyAttribute(lambda a: a.request.requested_by)


class GateTestResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateTestResult

    request = factory.SubFactory(GateRequestFactory)
    requirement = "security-penetration-test"
    name = "Security penetration test"
    passed = True
    run_on = factory.LazyFunction(timezone.localdate)
    report_url = "https://ci.example.com/reports/1"
    recorded_by = factory.LazyAttribute(lambda t: t.request.requested_by)


class GateApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateApproval

    request = factory.SubFactory(GateRequestFactory)
    role = "ciso"
    approver = factory.SubFactory(UserFactory)
    decision = "approved"


def uploaded_by(person, name: str) -> EvidenceFile:
    """An evidence file `person` uploaded, named `name`."""
    return EvidenceFileFactory(uploaded_by=person, original_name=name)


def hiring_screener_in_development(personas: PersonaSet) -> AISystem:
    """SYS-001, classified HIGH by the AI safety lead, in development, screened
    high-risk (Annex III employment) under the EU AI Act: its gates judge it."""
    system = people_ops_system(
        personas,
        lifecycle_stage="development",
        ai_act_category="high_risk",
        ai_act_annex_area="employment",
    )
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Screens."
    )
    system.refresh_from_db()
    return system


def gate_request_submitted(person: User, system: AISystem, **kwargs) -> GateRequest:
    """A request `person` opens and submits at once, with nothing in it yet: the
    approvers are asked. A gate not required for the system's tier closes at opening
    and comes back as it is."""
    request = services.gate_request_open(actor=person, system=system, **kwargs)
    if request.status != "draft":
        return request
    return services.gate_request_submit(actor=person, request=request)


def gate_request_filled(request: GateRequest, person: User, *, skip: tuple[str, ...] = ()):
    """Give every artifact (a file `person` uploaded) and a passed result for every test
    of the request's gate, except the keys in `skip`, through the services."""
    for item in request.gate.artifacts:
        if item["key"] not in skip:
            services.gate_artifact_add(
                actor=person,
                request=request,
                requirement=item["key"],
                evidence=uploaded_by(person, f"{item['key']}.pdf"),
            )
    for item in request.gate.tests:
        if item["key"] not in skip:
            services.gate_test_record(
                actor=person,
                request=request,
                requirement=item["key"],
                passed=True,
                run_on=timezone.localdate(),
                report_url=f"https://ci.example.com/{item['key']}",
            )
    return request


# --- evidence files: small samples of accepted and refused formats ---

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x00\x00\x01" * 2 + b"\x08\x06"
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
MZ_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def evidence_upload(name: str = "report.pdf", content: bytes = PDF_BYTES):
    """An uploaded file as a view would receive it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def evidence_file(actor, name: str = "report.pdf", content: bytes = PDF_BYTES, **dates):
    """A stored evidence file, through the service (bytes in the test's storage)."""
    from core.evidence.services import evidence_store

    return evidence_store(actor=actor, upload=evidence_upload(name, content), **dates)


def control_evidence(actor, control, name: str = "evidence.pdf", **dates):
    """A file attached to a required control (so that it may be set "implemented")."""
    from registry.services.control_evidence import control_evidence_attach

    return control_evidence_attach(
        actor=actor, control=control, upload=evidence_upload(name), **dates
    )


# --- vendors: providers, products and assessments (DOMAIN.md 8) ---

# Every answer of DOMAIN.md 8 that scores, each at its good value: 0 points.
VENDOR_ANSWERS_ALL_GOOD = {
    "access_type": "api",
    "data_sent": "Candidate CVs",
    "use_case": "Screening applications",
    "soc2_type2_certified": True,
    "iso27001_certified": True,
    "penetration_tested": True,
    "bug_bounty_program": True,
    "data_retention_days": 30,
    "opt_out_of_training": True,
    "sla_uptime_percentage": "99.900",
    "has_fallback_provider": True,
    "has_dpa": True,
    "eu_data_residency": True,
    "liability_cap": "12 months of fees",
    "audit_rights": True,
}
# DOMAIN.md 8's first worked example: 9 points, high.
VENDOR_ANSWERS_HIGH = {
    **VENDOR_ANSWERS_ALL_GOOD,
    "soc2_type2_certified": False,
    "has_dpa": False,
    "opt_out_of_training": False,
}


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    name = factory.Sequence(lambda n: f"Vendor {n}")
    website = "https://vendor.example.com"


class VendorProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorProduct

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"Model {n}")
    kind = "api"


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft assessment, unanswered; pass answers as fields (e.g. **VENDOR_ANSWERS_HIGH)."""

    class Meta:
        model = Assessment

    product = factory.SubFactory(VendorProductFactory)
    assessor = factory.SubFactory(UserFactory)


# --- governance: audit packs ----------------------------------------------------------


class AuditPackFactory(factory.django.DjangoModelFactory):
    """A queued pack of one factory system over the last 90 days; `systems=[...]` sets
    its systems instead."""

    class Meta:
        model = AuditPack
        skip_postgeneration_save = True

    scope = AuditPack.Scope.SYSTEM
    date_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=90))
    date_to = factory.LazyFunction(timezone.localdate)
    requested_by = factory.SubFactory(UserFactory)
    requested_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def systems(self, create, extracted, **_kwargs):
        if create:
            self.systems.set(extracted if extracted is not None else [AISystemFactory()])


# --- the organisation profile (DOMAIN.md 13) ---
ORGANISATION_FILLED = {
    "legal_name": "Example Marketplace GmbH",
    "address": "Friedrichstraße 123\n10117 Berlin\nGermany",
    "establishment_country": "DE",
    "time_zone": "Europe/Berlin",
    "holiday_country": "DE",
    "holiday_subdivision": "BE",
    "dpo_name": "Dana Privacy",
    "dpo_email": "dpo@example.com",
    "dpo_phone": "+49 30 5550 1234",
    "supervisory_authority_name": "Berliner Beauftragte für Datenschutz und Informationsfreiheit",
    "supervisory_authority_contact": "Alt-Moabit 59-61, 10555 Berlin",
    "market_surveillance_authority_name": "Bundesnetzagentur",
    "market_surveillance_authority_contact": "Tulpenfeld 4, 53113 Bonn",
    "support_contact": "support@example.com, +49 30 5550 1000",
}


def organisation_profile(**overrides):
    """The organisation profile with every item filled in (ORGANISATION_FILLED), changed
    by `overrides` (e.g. time_zone="America/New_York", holiday_country="US"); written
    directly, as a fixture, without an audit event."""
    from core.selectors import organisation_profile_get

    profile = organisation_profile_get()
    for name, value in {**ORGANISATION_FILLED, **overrides}.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile
