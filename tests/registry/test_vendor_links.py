"""Systems and the vendor products they use (issue 9 part 4): linking refused with the
reason, the system page and the vendor page's panel, their query counts."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.clocks.sweep import deadlines_sweep_run
from core.models import AuditEvent, Deadline, Notification
from registry.models import SystemVendorProduct
from registry.services.vendor_links import system_vendor_product_link, system_vendor_product_unlink
from tests.factories import (
    VENDOR_ANSWERS_ALL_GOOD,
    VENDOR_ANSWERS_HIGH,
    AISystemFactory,
    AssessmentFactory,
    VendorFactory,
    VendorProductFactory,
)
from vendors.contributions import REASSESSMENT
from vendors.services.approval import assessment_ciso_approve
from vendors.services.changes import vendor_change_record
from vendors.services.scoring import assessment_score

pytestmark = pytest.mark.django_db


def scored(personas, answers, product=None):
    product = product or VendorProductFactory()
    assessment = AssessmentFactory(product=product, assessor=personas.security, **answers)
    return assessment_score(actor=personas.security, assessment=assessment)


def test_a_high_tier_product_without_ciso_approval_is_refused_with_the_reason(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    assessment = scored(personas, VENDOR_ANSWERS_HIGH)
    with pytest.raises(ValidationError) as refused:
        system_vendor_product_link(actor=personas.owner, system=system, product=assessment.product)
    assert refused.value.message_dict["product"] == [
        "Not approved: high tier without CISO approval."
    ]
    assert not SystemVendorProduct.objects.exists()


def test_a_medium_product_with_a_critical_finding_and_an_unassessed_one_are_refused(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    medium = scored(personas, {**VENDOR_ANSWERS_ALL_GOOD, "has_dpa": False, "audit_rights": False})
    with pytest.raises(ValidationError, match="medium tier with a critical finding open"):
        system_vendor_product_link(actor=personas.owner, system=system, product=medium.product)
    with pytest.raises(ValidationError, match="no scored assessment"):
        system_vendor_product_link(
            actor=personas.owner, system=system, product=VendorProductFactory()
        )


def test_an_approved_product_is_linked_audited_and_unlinked_as_history(personas):
    from tests.factories import evidence_upload
    from vendors.services.approval import assessment_remediation_complete
    from vendors.services.evidence import assessment_evidence_attach

    system = AISystemFactory(owner_team=personas.people_ops)
    high = scored(personas, VENDOR_ANSWERS_HIGH)
    assessment_ciso_approve(
        actor=personas.ciso,
        assessment=high,
        remediation_plan="Amend the contract",
        remediation_due_on=timezone.localdate() + timedelta(days=60),
    )
    # A plan is not enough (DOMAIN 8): the signed amendment makes the remediation done.
    with pytest.raises(ValidationError, match="contractual remediation is not done"):
        system_vendor_product_link(actor=personas.owner, system=system, product=high.product)
    assessment_evidence_attach(
        actor=personas.security,
        assessment=high,
        kind="signed_amendment",
        upload=evidence_upload("amendment.pdf"),
    )
    assessment_remediation_complete(actor=personas.ciso, assessment=high)
    link = system_vendor_product_link(actor=personas.owner, system=system, product=high.product)
    assert AuditEvent.objects.filter(action="system.vendor_product_linked").exists()
    system_vendor_product_unlink(actor=personas.owner, system=system, product=high.product)
    link.refresh_from_db()
    assert link.removed_at is not None


def test_only_who_may_change_the_system_links(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    low = scored(personas, VENDOR_ANSWERS_ALL_GOOD)
    with pytest.raises(PermissionDenied):
        system_vendor_product_link(actor=personas.owner2, system=system, product=low.product)


def test_a_vendor_change_warns_the_owners_of_dependent_systems(personas):
    system = AISystemFactory(owner_team=personas.people_ops)
    low = scored(personas, VENDOR_ANSWERS_ALL_GOOD)
    system_vendor_product_link(actor=personas.owner, system=system, product=low.product)
    vendor_change_record(
        actor=personas.security, product=low.product, kind="model", description="New model"
    )
    note = Notification.objects.get(recipient=personas.owner)
    assert "is being re-assessed" in note.title and "model" in note.body


def _link(personas, system, product):
    SystemVendorProduct.objects.create(system=system, product=product, added_by=personas.owner)


def test_system_page_shows_tier_approval_and_costs_the_same_for_more_products(client, personas):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    _link(personas, system, scored(personas, VENDOR_ANSWERS_HIGH).product)
    client.force_login(personas.auditor)
    url = reverse("registry:system_detail", args=["SYS-001"])
    client.get(url)  # the first request of a session reads more (session, caches)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "Not approved" in page and "high tier without CISO approval" in page
    assert "Link product" not in page  # the auditor reads only
    for _ in range(3):
        _link(personas, system, scored(personas, VENDOR_ANSWERS_ALL_GOOD).product)
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).content.decode()
    assert page.count('badge-success">Approved') == 3
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_link_form_shows_the_refusal_in_place(client, personas):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    product = scored(personas, VENDOR_ANSWERS_HIGH).product
    client.force_login(personas.owner)
    response = client.post(
        reverse("registry:system_product_link", args=["SYS-001"]),
        {"product": product.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "high tier without CISO approval" in response.content.decode()
    assert not system.vendor_links.exists()


def _offered(html: str) -> list[tuple[str, str]]:
    """The link form's options as (value, label), the empty choice aside."""
    select = html.split('<select name="product"', 1)[1].split("</select>", 1)[0]
    return [(v, label) for v, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select)]


def test_the_link_form_offers_every_product_by_vendor_in_the_same_queries(client, personas):
    """An enterprise offers 1,000 products: the select draws them all, from plain rows,
    in as many queries as for two (bench/scale.py's system page)."""
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    acme = VendorFactory(name="Acme AI")
    first = [VendorProductFactory(vendor=acme, name=n) for n in ("Vision", "Chat")]
    client.force_login(personas.owner)
    url = reverse("registry:system_detail", args=["SYS-001"])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    expected = [(str(p.pk), str(p)) for p in (first[1], first[0])]  # by vendor, then name
    assert _offered(page)[1:] == expected and _offered(page)[0] == ("", "---------")
    assert "Acme AI Chat" in page
    zeta = VendorFactory(name="Zeta Labs")
    more = [VendorProductFactory(vendor=zeta, name=f"Model {n:02}") for n in range(20)]
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert _offered(page)[1:] == expected + [(str(p.pk), str(p)) for p in more]
    assert len(many.captured_queries) == len(two.captured_queries)


def test_a_refused_link_keeps_the_chosen_product_selected(client, personas):
    AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    VendorProductFactory()
    refused = scored(personas, VENDOR_ANSWERS_HIGH).product
    client.force_login(personas.owner)
    response = client.post(
        reverse("registry:system_product_link", args=["SYS-001"]),
        {"product": refused.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<option value="{refused.pk}" selected>{refused}</option>' in html


def test_without_javascript_linking_returns_to_the_system_page_and_a_refusal_is_a_page(
    client, personas
):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    approved = scored(personas, VENDOR_ANSWERS_ALL_GOOD).product
    refused = scored(personas, VENDOR_ANSWERS_HIGH).product
    client.force_login(personas.owner)
    url = reverse("registry:system_product_link", args=["SYS-001"])
    linked = client.post(url, {"product": approved.pk}, follow=True)
    assert linked.redirect_chain[-1][0] == "/systems/SYS-001/#system-vendors"
    assert f"{approved} is linked." in linked.content.decode()
    page = client.post(url, {"product": refused.pk})
    assert page.status_code == 400
    html = page.content.decode()
    assert "<html" in html and "high tier without CISO approval" in html
    assert list(system.vendor_links.values_list("product", flat=True)) == [approved.pk]


def test_the_vendor_panel_warns_of_concentration(client, personas):
    low = scored(personas, {**VENDOR_ANSWERS_ALL_GOOD, "has_fallback_provider": False})
    for _ in range(3):
        system = AISystemFactory(owner_team=personas.people_ops, risk_tier="high")
        _link(personas, system, low.product)
    client.force_login(personas.auditor)
    url = reverse("registry:product_dependents_panel", args=[low.product.vendor_id])
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "3 high-risk systems depend on this product and none has a fallback provider" in page


def sweep_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return deadlines_sweep_run()


def test_the_clocks_sweep_warns_owners_once_when_a_re_assessment_nears(personas):
    """The yearly re-assessment is a core deadline warned 30 days before it is due: the
    one clocks sweep tells the product owners of the systems using the product too,
    once, even when it runs twice."""
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    low = scored(personas, VENDOR_ANSWERS_ALL_GOOD)
    _link(personas, system, low.product)
    deadline = Deadline.objects.get(kind=REASSESSMENT, met_at__isnull=True)
    assert sweep_at(timezone.now()) == 0  # a year away: nothing
    warning = deadline.due_at - timedelta(days=30)
    assert sweep_at(warning) == 1
    assert sweep_at(warning) == 0  # the sweep runs again: nothing twice
    assert sweep_at(warning + timedelta(days=1)) == 0
    note = Notification.objects.get(recipient=personas.owner)
    assert note.title == f"Re-assess {low.product} is due in 30 days"
    assert note.reason.endswith("; you own SYS-001, which uses this vendor product")
    assert note.link == reverse("registry:system_detail", args=["SYS-001"])
    assert sweep_at(deadline.due_at) == 1  # due now: its owner is told, not the systems'
    assert Notification.objects.filter(recipient=personas.owner).count() == 1


def test_an_owner_of_two_systems_using_the_product_is_warned_once_naming_both(personas):
    low = scored(personas, VENDOR_ANSWERS_ALL_GOOD)
    for system_id in ("SYS-002", "SYS-001"):
        system = AISystemFactory(system_id=system_id, owner_team=personas.people_ops)
        _link(personas, system, low.product)
    other_team = AISystemFactory(system_id="SYS-003", owner_team=personas.customer_success)
    _link(personas, other_team, low.product)
    deadline = Deadline.objects.get(kind=REASSESSMENT, met_at__isnull=True)
    sweep_at(deadline.due_at - timedelta(days=30))
    note = Notification.objects.get(recipient=personas.owner)
    assert note.reason.endswith("; you own SYS-001 and SYS-002, which use this vendor product")
    assert Notification.objects.get(recipient=personas.owner2).reason.endswith(
        "; you own SYS-003, which uses this vendor product"
    )


def test_the_api_lists_the_products_a_system_uses(api_client, personas):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    product = scored(personas, VENDOR_ANSWERS_ALL_GOOD).product
    _link(personas, system, product)
    api_client.force_authenticate(personas.auditor)
    expected = [{"id": product.pk, "vendor": product.vendor.name, "name": product.name}]
    listed = api_client.get("/api/v1/systems/").json()["results"][0]
    assert listed["vendor_products"] == expected
    assert api_client.get("/api/v1/systems/SYS-001/").json()["vendor_products"] == expected


def test_portfolio_and_system_page_show_a_re_assessment_overdue(client, personas):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    low = scored(personas, VENDOR_ANSWERS_ALL_GOOD)
    _link(personas, system, low.product)
    vendor_change_record(
        actor=personas.security, product=low.product, kind="terms", description="New terms"
    )  # the re-assessment falls due now
    client.force_login(personas.auditor)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        portfolio = client.get(reverse("registry:portfolio")).content.decode()
        system_page = client.get(reverse("registry:system_detail", args=["SYS-001"]))
    assert "Vendor re-assessments due" in portfolio and "Overdue" in portfolio
    assert "Re-assessment overdue" in system_page.content.decode()
