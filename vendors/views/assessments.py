"""The assessment pages (issue 9 part 1): the assessment with its answers, result,
evidence, CISO approval and the product's score trend; a new assessment; scoring."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.evidence.uploads import evidence_upload_view
from core.forms import form_submit, service_call
from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_saved
from vendors.choices import AssessmentStatus, RiskTier
from vendors.forms.assessments import AssessmentEvidenceForm, AssessmentForm, CisoApprovalForm
from vendors.rules import charts
from vendors.selectors.assessments import assessment_page_for, questionnaire_send_refusal
from vendors.services.approval import assessment_ciso_approve, assessment_remediation_complete
from vendors.services.assessments import (
    ANSWER_FIELDS,
    EDITABLE,
    assessment_create,
    assessment_update,
)
from vendors.services.evidence import assessment_evidence_attach
from vendors.services.scoring import assessment_score
from vendors.views.common import (
    assessment_for,
    form_again,
    form_context,
    form_page,
)


def _answers(assessment) -> list[tuple[str, object]]:
    fields = assessment._meta
    return [(fields.get_field(n).verbose_name, getattr(assessment, n)) for n in ANSWER_FIELDS]


def _context(request, page) -> dict:
    a = page.assessment
    may_change = can(request.user, "vendors.assessment.change", a)
    may_ciso = can(request.user, "vendors.assessment.ciso_approve", a)
    scored_high = a.status == AssessmentStatus.SCORED and a.risk_tier == RiskTier.HIGH
    needs_ciso = scored_high and a.ciso_approved_at is None
    trend = [(h.scored_at.date(), h.risk_score) for h in page.history]
    may_add_evidence = may_change and a.status != AssessmentStatus.SUPERSEDED
    return {
        "assessment": a,
        "answers": _answers(a),
        "evidence": page.evidence,
        "evidence_files": [link.evidence for link in page.evidence],
        "today": timezone.localdate(),
        "history": page.history,
        "trend_svg": charts.score_trend_svg(trend),
        "may_change": may_change,
        "may_send": may_change and not questionnaire_send_refusal(a),
        "may_score": may_change and a.status in EDITABLE,
        "needs_ciso": needs_ciso,
        "may_complete_remediation": a.ciso_approved_at is not None
        and a.remediation_done_at is None
        and may_ciso,
        "approval_form": CisoApprovalForm() if needs_ciso and may_ciso else None,
        "evidence_form": AssessmentEvidenceForm() if may_add_evidence else None,
    }


def _detail_url(pk: int) -> str:
    return reverse("vendors:assessment_detail", args=[pk])


def _page_refused(request, pk: int, **errors):
    """The assessment page again, 400, with a refused button's errors (scoring, marking
    the remediation done) above it."""
    page = assessment_page_for(request.user, pk)
    context = {**_context(request, page), **errors}
    return render(request, "vendors/assessment.html", context, status=400)


def _error_carrier() -> forms.Form:
    """A bound form without fields: only a carrier for a button's service errors."""
    form = forms.Form(data={})
    form.is_valid()
    return form


@require_GET
def assessment_detail(request, pk: int):
    require_can(request, "vendors.assessment.view")
    page = assessment_page_for(request.user, pk)
    return render(request, "vendors/assessment.html", _context(request, page))


@require_http_methods(["GET", "POST"])
def assessment_new(request):
    require_can(request, "vendors.assessment.change")
    initial = {"product": request.GET.get("product")} if request.method == "GET" else None
    form = AssessmentForm(request.POST or None, initial=initial)
    context = form_context(
        form, action=request.path, button="Start the assessment", title="New assessment"
    )
    if request.method == "GET":
        return form_page(request, context)
    saved = form_submit(
        form,
        lambda data: assessment_create(
            actor=request.user, product=data["product"], answers=form.answers()
        ),
    )
    if not saved:
        return form_again(request, context)
    return form_saved(request, url=_detail_url(saved.result.pk), message="Assessment started.")


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int):
    """Change the answers of a draft or answered assessment (before scoring)."""
    assessment = assessment_for(request, pk, "vendors.assessment.change")
    form = AssessmentForm(request.POST or None, instance=assessment)
    del form.fields["product"]
    title = f"Answers of the assessment of {assessment.product}"
    context = form_context(form, action=request.path, button="Save the answers", title=title)
    if request.method == "GET":
        return form_page(request, context)
    if form_submit(
        form,
        lambda _data: assessment_update(
            actor=request.user, assessment=assessment, answers=form.answers()
        ),
    ):
        return form_saved(request, url=_detail_url(pk), message="Answers saved.")
    return form_again(request, context)


@require_POST
def assessment_score_view(request, pk: int):
    assessment = assessment_for(request, pk, "vendors.assessment.change")
    form = _error_carrier()
    if service_call(form, lambda: assessment_score(actor=request.user, assessment=assessment)):
        message = f"Scored: {assessment.risk_score} points, {assessment.risk_tier}."
        return form_saved(request, url=_detail_url(pk), message=message)
    return _page_refused(request, pk, score_errors=form.errors)


@require_POST
def assessment_approve(request, pk: int):
    assessment = assessment_for(request, pk, "vendors.assessment.ciso_approve")
    form = CisoApprovalForm(request.POST)
    action = reverse("vendors:assessment_approve", args=[pk])
    context = form_context(form, action=action, button="Approve use", title="CISO approval")
    if form_submit(
        form,
        lambda data: assessment_ciso_approve(actor=request.user, assessment=assessment, **data),
    ):
        message = "Approved for use on the remediation plan."
        return form_saved(request, url=_detail_url(pk), message=message)
    return form_again(request, context)


@require_POST
def assessment_remediation_done(request, pk: int):
    """The CISO marks the contractual remediation done (the signed amendment attached)."""
    assessment = assessment_for(request, pk, "vendors.assessment.ciso_approve")
    form = _error_carrier()
    if service_call(
        form,
        lambda: assessment_remediation_complete(actor=request.user, assessment=assessment),
    ):
        message = "Remediation done: the product's use is decided again."
        return form_saved(request, url=_detail_url(pk), message=message)
    return _page_refused(request, pk, remediation_errors=form.errors)


@evidence_upload_view
@require_POST
def assessment_evidence_add(request, pk: int):
    assessment = assessment_for(request, pk, "vendors.assessment.change")
    form = AssessmentEvidenceForm(request.POST, request.FILES)
    action = reverse("vendors:assessment_evidence_add", args=[pk])
    context = form_context(
        form, action=action, button="Upload evidence", title="Upload evidence", upload=True
    )

    def attach(data):
        dates = {name: data[name] for name in ("applies_from", "expires_on")}
        kind, upload = data["kind"], data["file"]
        assessment_evidence_attach(
            actor=request.user, assessment=assessment, kind=kind, upload=upload, **dates
        )

    if form_submit(form, attach):
        return form_saved(request, url=_detail_url(pk), message="Evidence attached.")
    return form_again(request, context)
