"""A draft gate request's page (issue 17): the owner gathers, sees what is still missing
and submits with a confirmation; approvers see it and are not asked yet."""

import pytest

from core.models import Notification
from registry.models import GateApproval, GateRequest
from tests.factories import gate_request_filled

from .conftest import MISSING_TWO

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(request, tail: str = "") -> str:
    return f"/systems/SYS-001/gate-requests/{request.pk}/{tail}"


def page_of(client, person, request) -> str:
    client.force_login(person)
    response = client.get(url(request))
    assert response.status_code == 200
    return response.content.decode()


def submit_form(html: str) -> str:
    start = html.index('id="submit-request"')
    return html[html.rindex("<form", 0, start) : html.index("</form>", start)]


def test_the_owner_sees_the_draft_what_is_missing_and_a_confirmed_submit(
    client, personas, draft_request
):
    gate_request_filled(draft_request, personas.owner, skip=MISSING_TWO)
    page = page_of(client, personas.owner, draft_request)
    assert "Draft: not submitted for approval yet" in page
    assert "nobody has been asked yet" in page
    gaps = page[page.index('id="gaps"') :]
    gaps = gaps[: gaps.index("</ul>")]
    assert "Artifact: Red team report" in gaps and "Artifact: Data lineage documentation" in gaps
    assert "Test:" not in gaps
    form = submit_form(page)
    assert f'hx-post="/systems/SYS-001/gate-requests/{draft_request.pk}/submit/"' in form
    assert 'hx-confirm="Submit this gate request for approval? The approvers will be asked' in form
    assert "Submit for approval</button>" in form
    assert 'name="form" value="artifact-red-team-report"' in page  # still given on a draft
    assert "Withdraw this request" in page
    assert "Asked at submission" in page and "Signed off by submitting" not in page


def test_an_approver_sees_a_draft_with_no_decision_form_and_no_submit(
    client, personas, draft_request
):
    page = page_of(client, personas.ciso, draft_request)
    assert "Draft: not submitted for approval yet" in page
    assert 'value="slot-ciso"' not in page
    assert 'id="submit-request"' not in page
    refused = client.post(url(draft_request, "submit/"), {}, **HTMX)
    assert refused.status_code == 403
    assert GateRequest.objects.get(pk=draft_request.pk).status == "draft"


def test_the_owner_submits_in_place_and_the_approvers_are_asked_once(
    client, personas, draft_request
):
    client.force_login(personas.owner)
    response = client.post(url(draft_request, "submit/"), {}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The request is submitted: the approvers are asked to decide." in html
    assert "Draft: not submitted" not in html and 'id="submit-request"' not in html
    assert "Signed off by submitting" in html
    draft_request.refresh_from_db()
    assert draft_request.status == "open"
    assert GateApproval.objects.filter(request=draft_request).count() == 1
    recipients = Notification.objects.filter(subject_id=str(draft_request.pk))
    assert sorted(recipients.values_list("recipient__email", flat=True)) == [
        "ciso@example.com",
        "legal@example.com",
    ]
    again = client.post(url(draft_request, "submit/"), {}, **HTMX)
    assert again.status_code == 400
    assert "Only a draft is submitted; this one is open." in again.content.decode()
    assert Notification.objects.filter(subject_id=str(draft_request.pk)).count() == 2
    assert 'value="slot-ciso"' in page_of(client, personas.ciso, draft_request)


def test_without_javascript_submitting_redirects_to_the_page(client, personas, draft_request):
    client.force_login(personas.owner)
    response = client.post(url(draft_request, "submit/"), {})
    assert response.status_code == 302 and response.url == url(draft_request)
    assert GateRequest.objects.get(pk=draft_request.pk).status == "open"
