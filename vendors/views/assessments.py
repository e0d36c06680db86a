"""The assessment pages (issue 9 part 1): the assessment with its answers, result,
evidence, CISO approval and the product's score trend; a new assessment; scoring."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.evidence.uploads import evidence_upload_view
from core.permissions import can
from core.views.common import require_can
from vendors.choices import AssessmentStatus, RiskTier
from vendors.forms.assessments import AssessmentEvidenceForm, AssessmentForm, CisoApprovalForm
from vendors.rules import charts
from vendors.selectors.assessments import assessment_get_for, assessment_page_for
from vendors.services.approval import assessment_ciso_approve, assessment_remediation_complete
from vendors.services.assessments import (
    ANSWER_FIELDS,
    EDITABLE,
    assessment_create,
    assessment_update,
)
from vendors.services.evidence import assessment_evidence_attach
from vendors.services.scoring import assessment_score
from vendors.views.common import done, refused, run_service


def _answers(assessment) -> list[tuple[str, object]]:
    fields = assessment._meta
    return [(fields.get_field(n).verbose_name, getattr(assessment, n)) for n in ANSWER_FIELDS]


def _context(request, page, **forms) -> dict:
    a = page.assessment
    may_change = can(request.user, "vendors.assessment.change", a)
    needs_ciso = (
        a.status == AssessmentStatus.SCORED and a.risk_tier == RiskTier.HIGH
        and a.ciso_approved_at is None
    )  # fmt: skip
    may_approve = needs_ciso and can(request.user, "vendors.assessment.ciso_approve", a)
    trend = [(h.scored_at.date(), h.risk_score) for h in page.history]
    return {
        "assessment": a,
        "answers": _answers(a),
        "evidence": page.evidence,
        "evidence_files": [link.evidence for link in page.evidence],
        "today": timezone.localdate(),
        "history": page.history,
        "trend_svg": charts.score_trend_svg(trend),
        "may_change": may_change,
        "may_score": may_change and a.status in EDITABLE,
        "needs_ciso": needs_ciso,
        "may_complete_remediation": a.ciso_approved_at is not None
        and a.remediation_done_at is None
        and can(request.user, "vendors.assessment.ciso_approve", a),
        "approval_form": forms.get("approval_form")
        or (CisoApprovalForm() if may_approve else None),
        "evidence_form": forms.get("evidence_form")
        or (AssessmentEvidenceForm() if may_change and a.status != "superseded" else None),
    }


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
    context = {"form": form, "action": request.path, "button": "Start the assessment",
               "title": "New assessment"}  # fmt: skip
    if request.method == "POST":
        made = {}

        def call():
            made["a"] = assessment_create(
                actor=request.user, product=form.cleaned_data["product"], answers=form.answers()
            )

        if form.is_valid() and run_service(form, call):
            url = reverse("vendors:assessment_detail", args=[made["a"].pk])
            return done(request, url, "Assessment started.")
        return refused(request, "vendors/_form.html", context)
    return render(request, "vendors/form_page.html", {**context, "partial": "vendors/_form.html"})


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int):
    """Change the answers of a draft or answered assessment (before scoring)."""
    require_can(request, "vendors.assessment.view")
    assessment = assessment_get_for(request.user, pk)
    require_can(request, "vendors.assessment.change", assessment)
    form = AssessmentForm(request.POST or None, instance=assessment)
    del form.fields["product"]
    context = {"form": form, "action": request.path, "button": "Save the answers",
               "title": f"Answers of the assessment of {assessment.product}"}  # fmt: skip
    if request.method == "POST":
        if form.is_valid() and run_service(
            form, lambda: assessment_update(
                actor=request.user, assessment=assessment, answers=form.answers()
            ),
        ):  # fmt: skip
            url = reverse("vendors:assessment_detail", args=[pk])
            return done(request, url, "Answers saved.")
        return refused(request, "vendors/_form.html", context)
    return render(request, "vendors/form_page.html", {**context, "partial": "vendors/_form.html"})


@require_POST
def assessment_score_view(request, pk: int):
    require_can(request, "vendors.assessment.view")
    assessment = assessment_get_for(request.user, pk)
    require_can(request, "vendors.assessment.change", assessment)
    url = reverse("vendors:assessment_detail", args=[assessment.pk])
    form = forms.Form(data={})  # only a carrier for the service's errors: bound, so they fit
    form.is_valid()
    if run_service(form, lambda: assessment_score(actor=request.user, assessment=assessment)):
        return done(
            request, url, f"Scored: {assessment.risk_score} points, {assessment.risk_tier}."
        )
    page = assessment_page_for(request.user, pk)
    context = {**_context(request, page), "score_errors": form.errors}
    return render(request, "vendors/assessment.html", context, status=400)


@require_POST
def assessment_approve(request, pk: int):
    require_can(request, "vendors.assessment.view")
    assessment = assessment_get_for(request.user, pk)
    require_can(request, "vendors.assessment.ciso_approve", assessment)
    form = CisoApprovalForm(request.POST)
    context = {"form": form, "button": "Approve use", "title": "CISO approval",
               "action": reverse("vendors:assessment_approve", args=[pk])}  # fmt: skip
    if form.is_valid() and run_service(
        form, lambda: assessment_ciso_approve(
            actor=request.user, assessment=assessment, **form.cleaned_data
        ),
    ):  # fmt: skip
        url = reverse("vendors:assessment_detail", args=[pk])
        return done(request, url, "Approved for use on the remediation plan.")
    return refused(request, "vendors/_form.html", context)


@require_POST
def assessment_remediation_done(request, pk: int):
    """The CISO marks the contractual remediation done (the signed amendment attached)."""
    require_can(request, "vendors.assessment.view")
    assessment = assessment_get_for(request.user, pk)
    require_can(request, "vendors.assessment.ciso_approve", assessment)
    url = reverse("vendors:assessment_detail", args=[assessment.pk])
    form = forms.Form(data={})  # only a carrier for the service's errors
    form.is_valid()
    complete = lambda: assessment_remediation_complete(  # noqa: E731
        actor=request.user, assessment=assessment
    )
    if run_service(form, complete):
        return done(request, url, "Remediation done: the product's use is decided again.")
    page = assessment_page_for(request.user, pk)
    context = {**_context(request, page), "remediation_errors": form.errors}
    return render(request, "vendors/assessment.html", context, status=400)


@evidence_upload_view
@require_POST
def assessment_evidence_add(request, pk: int):
    require_can(request, "vendors.assessment.view")
    assessment = assessment_get_for(request.user, pk)
    require_can(request, "vendors.assessment.change", assessment)
    form = AssessmentEvidenceForm(request.POST, request.FILES)
    action = reverse("vendors:assessment_evidence_add", args=[pk])
    context = {"form": form, "button": "Upload evidence", "title": "Upload evidence",
               "action": action, "upload": True}  # fmt: skip
    if form.is_valid() and run_service(
        form, lambda: assessment_evidence_attach(
            actor=request.user, assessment=assessment, kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"], applies_from=form.cleaned_data["applies_from"],
            expires_on=form.cleaned_data["expires_on"],
        ),
    ):  # fmt: skip
        url = reverse("vendors:assessment_detail", args=[pk])
        return done(request, url, "Evidence attached.")
    return refused(request, "vendors/_form.html", context)
