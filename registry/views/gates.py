"""One gate request's page and its forms, and opening a request from the system page.

Every form posts with htmx and the request's body (#gate-request) comes back in place:
saved, or with the form that was refused and its errors beside its fields (a 400,
which static/js/portal.js swaps like a 200). Without JavaScript the same forms post
normally: a save redirects to the page, a refusal renders the whole page with errors.
The services check every permission again; the page only hides what is not yours.
"""

from __future__ import annotations

import functools
import html
import re

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import strip_tags
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.evidence.uploads import evidence_upload_view
from core.forms import form_submit
from core.models import User
from core.views.common import require_can
from core.views.responder import form_refused, form_saved
from registry import rules, services
from registry.choices import GateRequestStatus
from registry.forms.gates import (
    ApprovalForm,
    ArtifactFileForm,
    ArtifactRecordForm,
    GateRequestOpenForm,
    RemediationCompleteForm,
    RemediationForm,
    SubmitForm,
    TestResultForm,
    WithdrawForm,
    gate_test_values,
)
from registry.selectors.gate_pages import (
    contributed_records,
    linkable_records,
    remediation_owner_choices,
)
from registry.selectors.gates import gate_definition_current, gate_request_get_for
from registry.views.common import form_page, saved_in_place, system_for
from registry.views.gate_request_context import request_page_context

PREFIX = re.compile(r"^(artifact|record|test|slot)-[A-Za-z0-9_-]{1,80}$")
PAGE = "registry/gates/request_detail.html"
BODY = "registry/gates/_request_body.html"


def _request_of(request, system_id: str, pk: int):
    """The request, on the system its URL names (404 otherwise)."""
    require_can(request, "registry.system.view")
    gate_request = gate_request_get_for(request.user, pk)
    if gate_request.system.system_id != system_id:
        raise Http404("No such gate request.")
    return gate_request


def _request_url(gate_request) -> str:
    return reverse(
        "registry:gate_request_detail", args=[gate_request.system.system_id, gate_request.pk]
    )


def _answer(request, gate_request, form, call, *, saved: str):
    """Validate `form` and call the service with its cleaned data. Saved: the body again
    in place for htmx, saying `saved`, else the page with the message. Refused: the
    body (htmx) or the page with the refused form, found by its prefix, 400."""
    if not form_submit(form, call):
        context = request_page_context(request, gate_request, {form.prefix: form})
        return form_refused(request, partial=BODY, context=context, page=PAGE)

    def body():
        return {**request_page_context(request, gate_request), "saved": saved}

    url = _request_url(gate_request)
    return saved_in_place(request, partial=BODY, context=body, url=url, message=saved)


@require_GET
def gate_request_detail(request, system_id: str, pk: int):
    gate_request = _request_of(request, system_id, pk)
    return render(request, PAGE, request_page_context(request, gate_request))


def _to_service(service, request, gate_request):
    """The call that gives a form's cleaned fields to `service` as its arguments, beside
    the actor and the request: for a form whose fields are named as the service's."""
    return lambda data: service(actor=request.user, request=gate_request, **data)


def _posted_prefix(request, kind: str) -> str:
    prefix = request.POST.get("form", "")
    if not PREFIX.match(prefix) or not prefix.startswith(f"{kind}-"):
        raise Http404("No such form.")
    return prefix


def upload_view(view):
    """`evidence_upload_view` (an unsafe name or a body far too large is refused before
    anything runs). For htmx its refusal would land atop the first form posting to this
    URL, which may be another requirement's folded one: the request's body comes back
    instead, with the message at its top."""
    checked = evidence_upload_view(view)

    # Exempt here as `checked` is: it checks the CSRF token itself, after the name check
    # has parsed the body (the middleware must not parse it first).
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, system_id: str, pk: int):
        response = checked(request, system_id=system_id, pk=pk)
        if not (request.htmx and response.has_header("HX-Retarget")):
            return response
        gate_request = _request_of(request, system_id, pk)
        context = request_page_context(request, gate_request)
        context["refused"] = html.unescape(strip_tags(response.content.decode()))
        return form_refused(request, partial=BODY, context=context, page=PAGE)

    return wrapper


def _posted_on_request(action: str, saved: str, *, upload: bool = False):
    """A form posted on a gate request's page: the request on the system its URL names,
    `action` allowed on it, then the form the view builds (under the prefix it was
    posted with) and the service `call`, answered by `_answer` (saying `saved`).
    `upload`: the form carries a file (`upload_view`)."""

    def decorate(build):
        @functools.wraps(build)
        def view(request, system_id: str, pk: int):
            gate_request = _request_of(request, system_id, pk)
            require_can(request, action, gate_request)
            form, call = build(request, gate_request)
            return _answer(request, gate_request, form, call, saved=saved)

        return require_POST(upload_view(view) if upload else view)

    return decorate


@_posted_on_request("registry.gate.contribute", "The artifact is added.", upload=True)
def artifact_add(request, gate_request):
    if request.POST.get("form", "").startswith("record-"):
        prefix = _posted_prefix(request, "record")
        requirement = request.POST.get(f"{prefix}-requirement", "")
        records = contributed_records(gate_request.system, requirement)
        records += linkable_records(gate_request.system)
        form = ArtifactRecordForm(request.POST, prefix=prefix, records=records)

        def call(data):
            record_type, record_id = form.record_ref()
            services.gate_artifact_add(
                actor=request.user,
                request=gate_request,
                requirement=data["requirement"],
                record_type=record_type,
                record_id=record_id,
            )

        return form, call
    form = ArtifactFileForm(request.POST, request.FILES, prefix=_posted_prefix(request, "artifact"))

    def add_file(data):
        services.gate_artifact_add(
            actor=request.user,
            request=gate_request,
            requirement=data["requirement"],
            upload=data["file"],
        )

    return form, add_file


@_posted_on_request("registry.gate.contribute", "The test result is recorded.", upload=True)
def test_record(request, gate_request):
    form = TestResultForm(request.POST, request.FILES, prefix=_posted_prefix(request, "test"))

    def call(data):
        services.gate_test_record(
            actor=request.user, request=gate_request, **gate_test_values(data)
        )

    return form, call


@_posted_on_request("registry.gate.approve", "Your decision is recorded.")
def approval_decide(request, gate_request):
    form = ApprovalForm(request.POST, prefix=_posted_prefix(request, "slot"))
    if form.is_valid():  # the slot's own role, beside approving at all
        require_can(request, "registry.gate.approve", (gate_request, form.cleaned_data["role"]))
    return form, _to_service(services.gate_approval_decide, request, gate_request)


@_posted_on_request("registry.gate.remediate", "The system proceeds with the remediation plan.")
def remediation(request, gate_request):
    form = RemediationForm(request.POST, prefix="remediation", owners=remediation_owner_choices())

    def call(data):
        owner = User.objects.get(pk=data["owner"])
        services.gate_request_proceed_with_remediation(
            actor=request.user,
            request=gate_request,
            plan=data["plan"],
            owner=owner,
            due=data["due"],
        )

    return form, call


@_posted_on_request("registry.gate.remediation_complete", "The remediation plan is marked done.")
def remediation_complete(request, gate_request):
    form = RemediationCompleteForm(request.POST, prefix="remediation-done")
    return form, _to_service(services.gate_remediation_complete, request, gate_request)


@_posted_on_request(
    "registry.gate.submit", "The request is submitted: the approvers are asked to decide."
)
def submit(request, gate_request):
    form = SubmitForm(request.POST, prefix="submit")
    return form, _to_service(services.gate_request_submit, request, gate_request)


@_posted_on_request("registry.gate.withdraw", "The request is withdrawn.")
def withdraw(request, gate_request):
    form = WithdrawForm(request.POST, prefix="withdraw")
    return form, _to_service(services.gate_request_withdraw, request, gate_request)


@require_http_methods(["GET", "POST"])
def gate_request_new(request, system_id: str):
    """Open a draft request for the system's next gate (or the gate named by `gate`)."""
    system = system_for(request, system_id, "registry.gate.request")
    slug = (
        request.GET.get("gate")
        or request.POST.get("gate")
        or rules.next_gate_slug(system.lifecycle_stage)
    )
    gate = gate_definition_current(slug) if slug else None
    if gate is None or gate.from_stage != system.lifecycle_stage:
        raise Http404("No gate leads on from this stage.")
    posted = request.method == "POST"
    form = GateRequestOpenForm(request.POST if posted else None)

    def open_request(data):
        return services.gate_request_open(
            actor=request.user, system=system, gate_slug=slug, summary=data["summary"]
        )

    if posted and (opened := form_submit(form, open_request)):
        if opened.result.status == GateRequestStatus.DRAFT:
            message = f"{gate.name}: a draft. Give its artifacts and tests, then submit it."
        else:
            message = f"{gate.name}: {opened.result.get_status_display()}."
        return form_saved(request, url=_request_url(opened.result), message=message)
    context = {"system": system, "gate": gate, "form": form}
    return form_page(request, "registry/gates/request_new.html", context, refused=posted)
