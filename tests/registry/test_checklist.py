"""The pre-deployment checklist (DOMAIN.md section 4): for high-risk and limited-risk
systems, twelve items, each done when it has current evidence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.models import AuditEvent, EvidenceFile
from core.permissions import forget_roles
from registry.data import CHECKLIST_ITEMS
from registry.models import AISystem
from registry.rules.evidence import ChecklistItem, checklist_applies, checklist_missing
from registry.selectors.checklist import checklist_for, checklist_missing_for
from registry.services.checklist import checklist_evidence_attach, checklist_evidence_detach
from tests.factories import (
    BILLING_CHATBOT,
    DOCUMENT_SUMMARIZER,
    MZ_BYTES,
    classified_system,
    evidence_upload,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
FIRST = CHECKLIST_ITEMS[0]


def attach(actor, system, item: str = FIRST.key, **kwargs):
    return checklist_evidence_attach(
        actor=actor, system=system, item=item, upload=evidence_upload(f"{item}.pdf"), **kwargs
    )


# --- the rules -----------------------------------------------------------------------------


def test_the_shipped_checklist_has_the_twelve_items_of_domain_section_4():
    assert len(CHECKLIST_ITEMS) == 12
    assert FIRST.name == "Classification signed by Legal and the product owner"
    assert CHECKLIST_ITEMS[-1].name == "Insurer has seen the model card and red-team summary"


@pytest.mark.parametrize(
    ("tier", "category", "applies"),
    [
        ("critical", "unassessed", True),
        ("high", "minimal", True),
        ("medium", "limited", True),
        ("low", "high_risk", True),
        ("medium", "minimal", False),
        ("low", "unassessed", False),
        ("", "unassessed", False),
    ],
)
def test_the_checklist_applies_to_high_risk_and_limited_risk_systems(tier, category, applies):
    assert checklist_applies(tier=tier, ai_act_category=category) is applies


@given(st.sets(st.sampled_from([item.key for item in CHECKLIST_ITEMS])))
def test_missing_items_are_those_without_evidence_in_checklist_order(with_evidence):
    missing = checklist_missing(CHECKLIST_ITEMS, {key: 1 for key in with_evidence})
    assert set(missing) == {item.key for item in CHECKLIST_ITEMS} - with_evidence
    order = [item.key for item in CHECKLIST_ITEMS]
    assert missing == sorted(missing, key=order.index)


def test_an_item_with_zero_current_files_is_missing():
    items = [ChecklistItem("a", "A"), ChecklistItem("b", "B")]
    assert checklist_missing(items, {"a": 0, "b": 2}) == ["a"]


# --- services and selectors -----------------------------------------------------------------


def test_evidence_marks_its_item_done(personas):
    system = classified_system(personas)
    today = timezone.localdate()
    assert len(checklist_missing_for(system, today)) == 12
    link = attach(personas.owner, system, note="Signed 3 March.")
    rows = checklist_for(system, today)
    assert rows[0].done and rows[0].files == [link.evidence]
    assert not any(row.done for row in rows[1:])
    assert FIRST.name not in checklist_missing_for(system, today)
    assert len(checklist_missing_for(system, today)) == 11
    event = AuditEvent.objects.get(action="checklist.evidence_attached")
    assert event.changes["item"] == FIRST.key and event.changes["sha256"] == link.evidence.sha256


def test_expired_evidence_does_not_count_toward_the_checklist(personas):
    system = classified_system(personas)
    today = timezone.localdate()
    attach(
        personas.owner,
        system,
        applies_from=today - timedelta(days=100),
        expires_on=today - timedelta(days=1),
    )
    assert FIRST.name in checklist_missing_for(system, today)
    assert not checklist_for(system, today)[0].done
    # It still counted on its last day.
    assert FIRST.name not in checklist_missing_for(system, today - timedelta(days=1))


def test_a_removed_file_no_longer_counts(personas):
    system = classified_system(personas)
    link = attach(personas.owner, system)
    checklist_evidence_detach(actor=personas.owner, link=link)
    assert FIRST.name in checklist_missing_for(system, timezone.localdate())
    link.refresh_from_db()
    assert link.removed_at is not None


def test_nothing_is_missing_where_the_checklist_does_not_apply(personas):
    system = classified_system(personas, BILLING_CHATBOT)  # medium, not screened
    assert checklist_missing_for(system, timezone.localdate()) == []
    with pytest.raises(ValidationError) as refused:
        attach(personas.owner, system)
    assert list(refused.value.message_dict) == ["item"]


def test_a_limited_risk_ai_act_category_brings_the_checklist(personas):
    system = classified_system(personas, DOCUMENT_SUMMARIZER)  # low
    AISystem.objects.filter(pk=system.pk).update(ai_act_category="limited")
    system.refresh_from_db()
    assert len(checklist_missing_for(system, timezone.localdate())) == 12


def test_only_who_changes_the_system_keeps_its_checklist(personas):
    system = classified_system(personas)
    for someone in (personas.auditor, personas.owner2, personas.ciso):
        with pytest.raises(PermissionDenied):
            attach(someone, system)
    assert not EvidenceFile.objects.exists()


def test_an_unknown_item_is_refused(personas):
    with pytest.raises(ValidationError) as refused:
        attach(personas.owner, classified_system(personas), item="no-such-item")
    assert list(refused.value.message_dict) == ["item"]


def test_the_selectors_cost_one_query_however_many_files(personas, django_assert_num_queries):
    system = classified_system(personas)
    for item in CHECKLIST_ITEMS[:4]:
        attach(personas.owner, system, item=item.key)
        attach(personas.owner, system, item=item.key)
    with django_assert_num_queries(1):
        rows = checklist_for(system, date.today())
    assert sum(row.done for row in rows) == 4
    with django_assert_num_queries(1):
        assert len(checklist_missing_for(system, date.today())) == 8


# --- the page ----------------------------------------------------------------------------------


def test_the_system_page_shows_the_checklist_with_an_upload_per_item(client, personas):
    system = classified_system(personas)
    attach(personas.owner, system)
    client.force_login(personas.owner)
    html = client.get("/systems/SYS-001/").content.decode()
    section = html.split('id="checklist"')[1].split("</section>")[0]
    assert "1 of 12 items have current evidence." in section
    assert f"{FIRST.key}.pdf" in section
    assert section.count('enctype="multipart/form-data"') == 12


def test_auditors_see_the_checklist_without_upload_forms(client, personas):
    classified_system(personas)
    client.force_login(personas.auditor)
    html = client.get("/systems/SYS-001/").content.decode()
    section = html.split('id="checklist"')[1].split("</section>")[0]
    assert "0 of 12 items" in section and "multipart/form-data" not in section


def test_a_system_without_the_checklist_says_it_is_not_required(client, personas):
    classified_system(personas, BILLING_CHATBOT)
    client.force_login(personas.owner)
    html = client.get("/systems/SYS-001/").content.decode()
    assert "Not required for this system" in html.split('id="checklist"')[1]


def test_an_item_upload_answers_with_the_section(client, personas):
    classified_system(personas)
    client.force_login(personas.owner)
    key = CHECKLIST_ITEMS[3].key
    response = client.post(
        f"/systems/SYS-001/checklist/{key}/evidence/",
        {f"checklist-{key}-file": evidence_upload("schema-test.md", b"# Schema tested\n")},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="checklist"')
    assert "schema-test.md" in html and "1 of 12 items" in html


def test_a_bad_item_upload_is_a_400_with_the_message_and_nothing_stored(client, personas):
    classified_system(personas)
    client.force_login(personas.owner)
    key = FIRST.key
    response = client.post(
        f"/systems/SYS-001/checklist/{key}/evidence/",
        {f"checklist-{key}-file": evidence_upload("setup.exe", MZ_BYTES)},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "Executable files are not accepted." in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_plain_post_without_javascript_comes_back_to_the_checklist(client, personas):
    classified_system(personas)
    client.force_login(personas.owner)
    key = FIRST.key
    response = client.post(
        f"/systems/SYS-001/checklist/{key}/evidence/",
        {f"checklist-{key}-file": evidence_upload(), f"checklist-{key}-note": "Signed."},
    )
    assert response.status_code == 302
    assert response["Location"] == "/systems/SYS-001/#checklist"


def test_the_system_page_costs_the_same_with_more_checklist_files(
    client, personas, django_assert_max_num_queries
):
    system = classified_system(personas)
    client.force_login(personas.auditor)

    def page_queries() -> int:
        forget_roles(personas.auditor)
        with django_assert_max_num_queries(40) as counted:
            assert client.get("/systems/SYS-001/").status_code == 200
        return len(counted.captured_queries)

    attach(personas.owner, system)
    one = page_queries()
    for item in CHECKLIST_ITEMS:
        attach(personas.owner, system, item=item.key)
        attach(personas.owner, system, item=item.key)
    assert page_queries() == one
