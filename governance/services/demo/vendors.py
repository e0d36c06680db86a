"""The demo's vendors (issue 9): five providers across the tiers, each with one product
and a scored assessment, written through the vendors services. The demo systems'
`vendor:` in demo_portfolio.yaml names the vendor whose product the system uses."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import User
from vendors.choices import EvidenceKind
from vendors.models import Vendor, VendorProduct
from vendors.services.approval import assessment_ciso_approve, assessment_remediation_complete
from vendors.services.assessments import assessment_create
from vendors.services.catalogue import product_create, vendor_create
from vendors.services.evidence import assessment_evidence_attach
from vendors.services.scoring import assessment_score

ASSESSOR = "security@example.com"
CISO = "ciso@example.com"
GOOD = {
    "access_type": "api",
    "soc2_type2_certified": False,
    "iso27001_certified": True,
    "penetration_tested": True,
    "bug_bounty_program": True,
    "data_retention_days": 30,
    "opt_out_of_training": True,
    "sla_uptime_percentage": "99.9",
    "has_fallback_provider": True,
    "has_dpa": True,
    "eu_data_residency": True,
    "liability_cap": "12 months of fees",
    "audit_rights": True,
}  # no SOC 2 report on file in the demo: every vendor starts at 3 points
# name: (website, notes, product, kind, answers that differ from GOOD, CISO plan or None)
VENDORS = {
    "TalentSift": (
        "https://talentsift.example",
        "Resume parsing and ranking API.",
        "Resume Ranker API",
        "api",
        {
            "opt_out_of_training": False,
            "has_fallback_provider": False,
            "data_sent": "CVs and application answers",
            "use_case": "Ranking job applicants",
        },
        "Contract amendment: training opt-out and a second provider within 90 days.",
    ),
    "Nimbus AI": (
        "https://nimbus-ai.example",
        "Hosted large language model API.",
        "Nimbus LLM API",
        "api",
        {
            "has_fallback_provider": False,
            "data_sent": "Customer messages",
            "use_case": "Drafting and summarising",
        },
        None,
    ),
    "ClearSignal": (
        "https://clearsignal.example",
        "Content classification models.",
        "Moderation models",
        "model",
        {"use_case": "Content moderation"},
        None,
    ),
    "Vectra Speech": (
        "https://vectra-speech.example",
        "Speech-to-text API.",
        "Transcribe API",
        "api",
        {"has_dpa": False, "audit_rights": False, "use_case": "Call transcription"},
        None,
    ),
    "Lumen Weights": (
        "https://lumen-weights.example",
        "Licensed open-weight models.",
        "Lumen-7B weights",
        "licensed_weights",
        {
            "access_type": "licensed_weights",
            "penetration_tested": False,
            "data_retention_days": 365,
            "has_fallback_provider": False,
        },
        None,
    ),
}


def ensure_vendors() -> dict[str, VendorProduct]:
    """Each demo vendor with its product and scored assessment (once); the products by
    vendor name."""
    assessor = User.objects.get(email=ASSESSOR)
    products = {}
    for name, (website, notes, product_name, kind, answers, plan) in VENDORS.items():
        vendor = Vendor.objects.filter(name=name).first() or vendor_create(
            actor=assessor, name=name, website=website, notes=notes
        )
        product = vendor.products.filter(name=product_name).first()
        if product is None:
            product = product_create(actor=assessor, vendor=vendor, name=product_name, kind=kind)
            _assess(product, assessor, {**GOOD, **answers}, plan)
        products[name] = product
    return products


def _assess(product: VendorProduct, assessor: User, answers: dict, plan: str | None) -> None:
    assessment = assessment_create(actor=assessor, product=product, answers=answers)
    assessment_score(actor=assessor, assessment=assessment)
    if plan:
        ciso = User.objects.get(email=CISO)
        assessment_ciso_approve(
            actor=ciso,
            assessment=assessment,
            remediation_plan=plan,
            remediation_due_on=timezone.localdate() + timedelta(days=90),
        )
        # Approved for use only once the remediation is done: the signed amendment.
        amendment = f"# Contract amendment\n\n{product}: {plan}\n\nSigned by both parties.\n"
        assessment_evidence_attach(
            actor=assessor,
            assessment=assessment,
            kind=EvidenceKind.SIGNED_AMENDMENT,
            upload=SimpleUploadedFile("signed-amendment.md", amendment.encode()),
        )
        assessment_remediation_complete(actor=ciso, assessment=assessment)
