"""Vendors' evidence kind (core.evidence_kinds, issue 19): `vendor_assessment`, the
scored assessment of each product a system uses, until its yearly re-assessment falls
due and while the product's use is approved; a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.evidence_kinds import evidence_found, evidence_kind
from registry.models import SystemVendorProduct
from tests.factories import (
    VENDOR_ANSWERS_ALL_GOOD,
    VENDOR_ANSWERS_HIGH,
    AISystemFactory,
    AssessmentFactory,
    VendorProductFactory,
)
from vendors.rules.scoring import reassessment_due
from vendors.services.scoring import assessment_score

pytestmark = pytest.mark.django_db


def uses(system, product, person, **fields):
    return SystemVendorProduct.objects.create(
        system=system, product=product, added_by=person, **fields
    )


def scored(personas, product, answers=VENDOR_ANSWERS_ALL_GOOD):
    assessment = AssessmentFactory(product=product, assessor=personas.security, **answers)
    return assessment_score(actor=personas.security, assessment=assessment)


def find(systems, today=None):
    kind = evidence_kind("vendor_assessment")
    return kind.find([s.pk for s in systems], {""}, today or timezone.localdate())


def test_the_kind_is_registered_with_the_vendors_register():
    kind = evidence_kind("vendor_assessment")
    assert kind.owner == "vendors" and kind.details is None
    assert kind.produce_url("SYS-001") == "/vendors/"


def test_the_scored_assessment_of_a_used_product_counts_until_its_reassessment(personas):
    system, product = AISystemFactory(), VendorProductFactory()
    uses(system, product, personas.owner)
    assessment = scored(personas, product)
    due = reassessment_due(timezone.localdate(assessment.scored_at))

    [item] = find([system])[(system.pk, "")]
    assert (item.record_type, item.record_id) == ("vendors.assessment", str(assessment.pk))
    assert item.current and item.expires_on == due
    assert item.url == f"/vendors/assessments/{assessment.pk}/"
    assert item.label.startswith(f"Assessment of {product}: low risk, scored ")
    assert find([system], due)[(system.pk, "")][0].current
    [late] = find([system], due + timedelta(days=1))[(system.pk, "")]
    assert not late.current
    assert late.why_not_current == f"its re-assessment was due on {due.isoformat()}"


def test_no_assessment_a_draft_or_a_product_no_longer_used_finds_nothing(personas):
    system, product = AISystemFactory(), VendorProductFactory()
    assert find([system]) == {}
    uses(system, product, personas.owner)
    AssessmentFactory(product=product, assessor=personas.security)  # a draft
    assert find([system]) == {}
    unused = VendorProductFactory()
    uses(system, unused, personas.owner, removed_at=timezone.now())
    scored(personas, unused)
    assert find([system]) == {}


def test_a_high_tier_product_not_yet_approved_for_use_does_not_count(personas):
    system, product = AISystemFactory(), VendorProductFactory()
    uses(system, product, personas.owner)
    scored(personas, product, VENDOR_ANSWERS_HIGH)
    [item] = find([system])[(system.pk, "")]
    assert not item.current
    assert item.why_not_current == "the product's use is not approved"


def test_a_new_scored_assessment_replaces_the_old_with_a_new_fingerprint(personas):
    system, product = AISystemFactory(), VendorProductFactory()
    uses(system, product, personas.owner)
    first = scored(personas, product)
    before = find([system])[(system.pk, "")]
    assert find([system])[(system.pk, "")] == before
    second = scored(personas, product)
    [after] = find([system])[(system.pk, "")]
    assert after.record_id == str(second.pk) != str(first.pk)
    assert after.fingerprint != before[0].fingerprint


@pytest.mark.parametrize("count", [1, 20])
def test_the_kind_answers_in_one_query(personas, count, django_assert_num_queries):
    shared = VendorProductFactory()
    scored(personas, shared)
    systems = []
    for _ in range(count):
        system, own = AISystemFactory(), VendorProductFactory()
        scored(personas, own)
        uses(system, own, personas.owner)
        uses(system, shared, personas.owner)
        systems.append(system)
    with django_assert_num_queries(1):
        found = evidence_found(
            [("vendor_assessment", "")], [s.pk for s in systems], timezone.localdate()
        )
    assert len(found["vendor_assessment"]) == count
    assert all(len(items) == 2 for items in found["vendor_assessment"].values())
