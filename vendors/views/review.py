"""The assessor's side of the questionnaire: send it to a vendor contact, withdraw a
link, review the answers (accept, or correct with a note) and score them. The
assessment's own page is VW's /vendors/assessments/<pk>/."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import form_submit
from core.views.common import no_store, require_can
from vendors.forms.questionnaire import LABELS, ReviewForm, SendForm
from vendors.models import QuestionnaireLink
from vendors.selectors.assessments import assessment_get_for, questionnaire_send_refusal
from vendors.services.assessments import ANSWER_FIELDS
from vendors.services.questionnaire import (
    link_state,
    questionnaire_review,
    questionnaire_revoke,
    questionnaire_send,
    questionnaire_url,
)


def _links(assessment):
    now = timezone.now()
    return [(link, link_state(link, now)) for link in assessment.links.all()]


@require_http_methods(["GET", "POST"])
def questionnaire_send_page(request, pk: int):
    """The "Send the questionnaire" form (a draft only; otherwise why not), the links
    sent with their "Withdraw" buttons; after sending, the link is shown once."""
    assessment = assessment_get_for(request.user, pk)
    require_can(request, "vendors.assessment.change", assessment)
    form = SendForm(request.POST or None)
    context = {"assessment": assessment, "form": form}
    if request.method == "POST":
        sent = form_submit(
            form,
            lambda data: questionnaire_send(actor=request.user, assessment=assessment, **data),
        )
        if sent:
            link, token = sent.result
            context.update(sent=link, url=questionnaire_url(token))
            return no_store(render(request, "vendors/questionnaire_sent.html", context))
    context["links"] = _links(assessment)
    context["refusal"] = questionnaire_send_refusal(assessment)  # only a draft is sent
    status = 400 if form.errors else 200
    return render(request, "vendors/questionnaire_send.html", context, status=status)


@require_POST
def questionnaire_revoke_page(request, pk: int, link_pk: int):
    assessment = assessment_get_for(request.user, pk)
    link = get_object_or_404(QuestionnaireLink, pk=link_pk, assessment=assessment)
    with contextlib.suppress(ValidationError):  # closed already: the page shows its state
        questionnaire_revoke(actor=request.user, link=link)
    return redirect("vendors:questionnaire_send", pk=assessment.pk)


@require_http_methods(["GET", "POST"])
def assessment_review(request, pk: int):
    """The vendor's answers beside a correction and a note each; accept & score."""
    assessment = assessment_get_for(request.user, pk)
    require_can(request, "vendors.assessment.change", assessment)
    form = ReviewForm(request.POST or None)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            questionnaire_review(
                actor=request.user, assessment=assessment, corrections=form.corrections()
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return redirect("vendors:assessment_review", pk=assessment.pk)
    rows = [
        {
            "name": name,
            "label": LABELS[name],
            "answer": getattr(assessment, name),
            "fix": form[f"fix_{name}"],
            "note": form[f"note_{name}"],
            "errors": errors.get(name, []),
        }
        for name in ANSWER_FIELDS
    ]
    context = {
        "assessment": assessment,
        "rows": rows,
        "links": _links(assessment),
        "errors": {k: v for k, v in errors.items() if k not in ANSWER_FIELDS},
        "has_errors": bool(errors),
        "page_url": reverse("vendors:assessment_detail", args=[assessment.pk]),
    }
    return render(request, "vendors/assessment_review.html", context, status=400 if errors else 200)
