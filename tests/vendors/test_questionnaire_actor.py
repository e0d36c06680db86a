"""The vendor contact who answers through a questionnaire link has no account, yet the
audit trail names them as the actor of what they did through it: their draft saves,
their documents (stored and attached) and their submitted answers."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from core.audit import Outsider, audit_record, audit_verify
from core.models import AuditEvent
from core.permissions import can
from tests.factories import AssessmentFactory, VendorProductFactory, evidence_upload
from tests.vendors.test_questionnaire_pages import _page_answers, _post, _url
from vendors.services.questionnaire import link_holder, questionnaire_send

pytestmark = pytest.mark.django_db
CONTACT = "Vendor contact: sec@acme.example (questionnaire link)"
THE_CONTACTS = {
    "questionnaire.draft_saved": "Saved draft answers to the vendor questionnaire",
    "evidence.uploaded": "Uploaded an evidence file",
    "assessment.evidence_attached": "Attached evidence to a vendor assessment",
    "questionnaire.answered": "Submitted the vendor questionnaire",
}


class TableRows(HTMLParser):
    """The text of each cell of each body row of a page's tables."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture
def answered(personas):
    """A questionnaire sent by the security lead, then, through its link with no login:
    a draft saved, a document uploaded, the answers submitted."""
    product = VendorProductFactory(name="Hiring LLM", vendor__name="Acme AI")
    assessment = AssessmentFactory(product=product, assessor=personas.security)
    link, token = questionnaire_send(
        actor=personas.security, assessment=assessment, contact_email="sec@acme.example"
    )
    vendor = Client(enforce_csrf_checks=True)
    assert (
        _post(vendor, _url(token), {"use_case": "Screening", "action": "save"}).status_code == 302
    )
    upload = {
        "use_case": "Screening",
        "doc-kind": "dpa",
        "doc-file": evidence_upload("dpa.pdf"),
        "action": "upload",
    }
    assert _post(vendor, _url(token), upload).status_code == 302
    submit = {**_page_answers(), "action": "submit", "confirm": "yes"}
    assert _post(vendor, _url(token), submit).status_code == 200
    return link


def test_the_rows_name_the_contact_as_actor_and_no_person(answered):
    events = AuditEvent.objects.filter(action__in=THE_CONTACTS).order_by("seq")
    assert [e.action for e in events] == list(THE_CONTACTS)
    for event in events:
        assert (event.actor_id, event.actor_label) == (None, CONTACT), event.action
    # The sending is the assessor's, by their account.
    sent = AuditEvent.objects.get(action="questionnaire.sent")
    assert sent.actor_label == "security@example.com" and sent.actor_id is not None


def test_the_auditor_reads_who_did_it_on_the_trail(client, personas, answered):
    trail = reverse("core:audit_list")
    client.force_login(personas.auditor)
    html = client.get(trail, {"actor": "sec@acme.example"}).content
    rows = [cells for cells in TableRows(html.decode()).rows if len(cells) > 4]
    shown = {(cells[3], cells[2]) for cells in rows}  # (action, actor) as the page words them
    assert shown == {(words, CONTACT) for words in THE_CONTACTS.values()}
    assert "system" not in {cells[2] for cells in rows}


def test_the_contact_may_do_nothing_else_in_the_portal(answered):
    contact = link_holder(answered)
    assert str(contact) == CONTACT
    for action in ("vendors.assessment.change", "core.evidence.upload", "core.audit.view"):
        assert not can(contact, action, answered.assessment)


def test_an_outsiders_label_fits_the_column_and_the_chain_verifies():
    event = audit_record(actor=Outsider("x" * 300), action="sample.outsider_acted")
    event.refresh_from_db()
    assert event.actor_label == "x" * 254 and event.actor_id is None
    assert audit_record(actor=None, action="sample.nobody").actor_label == ""
    assert audit_verify().ok
