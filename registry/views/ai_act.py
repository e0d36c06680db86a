"""The EU AI Act screening of a system (DOMAIN.md 2.2)."""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from core.forms import form_submit
from core.permissions import can
from core.views.responder import form_saved
from registry import services
from registry.forms.classification import AIActScreeningForm
from registry.views.common import form_page, system_detail_with, system_url
from registry.vocabulary import AI_ACT_ANSWER_KEYS


def _initial(last) -> dict:
    """Start from the last screening, so a review changes only what changed."""
    if last is None:
        return {}
    initial = {key: "yes" if getattr(last, key) else "no" for key in AI_ACT_ANSWER_KEYS}
    initial.update(category=last.category, annex_area=last.annex_area)
    return initial


def screening_message(screening) -> str:
    presumed = " The screening presumes high-risk." if screening.presumed_high_risk else ""
    return f"EU AI Act category recorded: {screening.get_category_display()}.{presumed}"


@require_http_methods(["GET", "POST"])
def system_ai_act(request, system_id: str):
    detail = system_detail_with(request, system_id, "registry.ai_act.screen")
    system = detail.system
    last = detail.ai_act_screenings[0] if detail.ai_act_screenings else None
    posted = request.method == "POST"
    form = AIActScreeningForm(request.POST if posted else None, initial=_initial(last))

    def record(data):
        return services.ai_act_screening_record(
            actor=request.user,
            system=system,
            answers=form.answers(),
            category=data["category"],
            annex_area=data["annex_area"],
            rationale=data["rationale"],
        )

    if posted and (screened := form_submit(form, record)):
        message = screening_message(screened.result)
        return form_saved(request, url=system_url(system), message=message)
    context = {
        "form": form,
        "system": system,
        "last": last,
        "may_override": can(request.user, "registry.ai_act.override_presumption", system),
    }
    return form_page(request, "registry/system_ai_act.html", context, refused=posted)
