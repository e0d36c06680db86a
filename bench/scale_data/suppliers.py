"""The enterprise's gate requests (each with its artifacts, evidence files) and its
vendors (products, assessments, links to systems), in bulk. See bench/scale_data."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bench.scale_data.records import People
from core.models import EvidenceFile
from registry.data import install_gate_definitions
from registry.models import AISystem, GateArtifact, GateDefinition, GateRequest, SystemVendorProduct
from vendors.models import Assessment, Vendor, VendorProduct

BATCH = 2_000
DECIDED = ("approved", "approved", "approved", "blocked", "withdrawn", "not_required")
ARTIFACTS_PER_REQUEST = 2
PRODUCTS_PER_VENDOR = 2


def _files(first: int, count: int, people: People) -> list[EvidenceFile]:
    today = timezone.localdate()
    return EvidenceFile.objects.bulk_create(
        EvidenceFile(
            sha256=hashlib.sha256(f"scale gate artifact {n}".encode()).hexdigest(),
            size=2048 + n % 5000,
            content_type="application/pdf",
            original_name=f"artifact-{n:06d}.pdf",
            safe_name=f"artifact-{n:06d}.pdf",
            storage_name=f"bench/scale/{n}",
            uploaded_by=people.owner,
            applies_from=today - timedelta(days=365),
        )
        for n in range(first, first + count)
    )


def _request(n: int, system: int, gate: GateDefinition, rng, people: People) -> GateRequest:
    at = timezone.now() - timedelta(days=3 * 365) * rng.random()
    status = DECIDED[n % len(DECIDED)]
    return GateRequest(
        system_id=system,
        gate=gate,
        status=status,
        from_stage=gate.from_stage,
        to_stage=gate.to_stage,
        tier=rng.choice(("high", "medium", "low")),
        summary=f"Bench gate request {n}.",
        requested_by=people.owner,
        requested_at=at,
        submitted_at=at + timedelta(hours=1),
        decided_at=at + timedelta(days=3),
        decided_by=None if status == "withdrawn" else people.board,
    )


def load_gate_requests(count: int, people: People) -> None:
    """`count` decided gate requests over three years, on every system in turn, each
    with its artifacts (one evidence file each) against the gate's own requirements."""
    install_gate_definitions(GateDefinition)
    gates = list(GateDefinition.objects.order_by("order", "version"))
    systems = list(AISystem.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(count)
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        with transaction.atomic():
            made = GateRequest.objects.bulk_create(
                _request(n, systems[n % len(systems)], gates[n % len(gates)], rng, people)
                for n in numbers
            )
            files = iter(_files(first * ARTIFACTS_PER_REQUEST, len(made) * 2, people))
            GateArtifact.objects.bulk_create(
                GateArtifact(
                    request=r,
                    requirement=a["key"],
                    evidence=(f := next(files)),
                    label=f.original_name,
                    sha256=f.sha256,
                    added_by=people.owner,
                    added_at=r.requested_at,
                )
                for r, n in zip(made, numbers, strict=True)
                for a in _padded(gates[n % len(gates)].artifacts)
            )


def _padded(artifacts: list[dict]) -> list[dict]:
    """The gate's first requirements, or made-up ones for a gate that asks for fewer."""
    keys = [*artifacts, *({"key": f"artifact-{k}"} for k in range(ARTIFACTS_PER_REQUEST))]
    return keys[:ARTIFACTS_PER_REQUEST]


@transaction.atomic
def load_vendors(count: int, people: People) -> None:
    """`count` vendors, two products each with a scored assessment, each product used
    by a system."""
    vendors = Vendor.objects.bulk_create(
        Vendor(name=f"Bench vendor {n:04d}", website=f"https://vendor{n}.example.com")
        for n in range(count)
    )
    products = VendorProduct.objects.bulk_create(
        VendorProduct(vendor=v, name=f"Model {k}", kind=("api", "model")[k % 2])
        for v in vendors
        for k in range(PRODUCTS_PER_VENDOR)
    )
    now = timezone.now()
    Assessment.objects.bulk_create(
        Assessment(
            product=p,
            status="scored",
            reason="initial",
            risk_score=20 + n % 60,
            risk_tier=("low", "medium", "high")[n % 3],
            recommendation="Use with a DPA",
            assessor=people.ciso,
            scored_at=now - timedelta(days=n % 365),
            scored_by=people.ciso,
        )
        for n, p in enumerate(products)
    )
    systems = list(AISystem.objects.order_by("pk").values_list("pk", flat=True))
    SystemVendorProduct.objects.bulk_create(
        SystemVendorProduct(system_id=systems[n % len(systems)], product=p, added_by=people.owner)
        for n, p in enumerate(products)
    )
