"""The red-team pages: the exercise list (the app's landing page) and its exports, one
exercise with its results, findings and risks, the create and edit forms, and the
manual results form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assurance.choices import Method, StackPart
from assurance.forms.redteam import ExerciseForm, ResultForm
from assurance.selectors import exercises as selectors
from assurance.services.exercises import exercise_create, exercise_update
from assurance.services.results import results_record
from core.forms import form_submit
from core.lists import list_export
from core.lists.views import render_list
from core.permissions import can
from core.views.common import require_can, viewer_time_zone
from core.views.responder import form_refused, form_saved

EXERCISE_FORM = "assurance/_exercise_form.html"
EXERCISE_FORM_PAGE = "assurance/exercise_form.html"
RESULT_FORM = "assurance/_exercise_result_form.html"


@require_GET
def exercise_list(request):
    require_can(request, "assurance.view")
    query = selectors.exercise_list_for(
        request.user, request.GET, time_zone=viewer_time_zone(request.user)
    )
    return render_list(request, query, "assurance/exercise_list.html")


@require_GET
def exercise_export(request, file_format: str):
    require_can(request, "core.list.export")
    query = selectors.exercise_list_for(
        request.user, request.GET, time_zone=viewer_time_zone(request.user)
    )
    return list_export(query, actor=request.user, file_format=file_format)


def _exercise_for(request, exercise_id: str, action: str):
    require_can(request, "assurance.view")
    exercise = selectors.exercise_get_for(request.user, exercise_id=exercise_id)
    require_can(request, action, exercise)
    return exercise


def _detail_context(request, exercise, result_form=None) -> dict:
    results = selectors.exercise_results(exercise)
    risks = {v.result.risk.pk: v.result.risk for v in results if v.result.risk_id}
    return {
        "exercise": exercise,
        "systems": list(exercise.systems.all()),
        "results": results,
        "tier": selectors.judged_tier(exercise),
        "risks": sorted(risks.values(), key=lambda r: r.risk_id),
        "trade_off": any(v.trade_off for v in results),
        "methods": [Method(m).label for m in exercise.methods if m in Method.values],
        "stack": [StackPart(p).label for p in exercise.stack_tested if p in StackPart.values],
        "may_manage": can(request.user, "assurance.exercise.manage", exercise),
        "result_form": result_form or ResultForm(),
    }


@require_GET
def exercise_detail(request, exercise_id: str):
    exercise = _exercise_for(request, exercise_id, "assurance.view")
    return render(request, "assurance/exercise_detail.html", _detail_context(request, exercise))


def _form_answer(request, form, exercise, save):
    context = {"form": form, "exercise": exercise}
    if request.method != "POST":
        return render(request, EXERCISE_FORM_PAGE, context)
    if saved := form_submit(form, lambda _data: save(form.service_data())):
        exercise, message = saved.result
        url = reverse("assurance:exercise_detail", args=[exercise.exercise_id])
        return form_saved(request, url=url, message=message)
    return form_refused(request, partial=EXERCISE_FORM, context=context, page=EXERCISE_FORM_PAGE)


@require_http_methods(["GET", "POST"])
def exercise_create_view(request):
    require_can(request, "assurance.exercise.create")
    form = ExerciseForm(request.POST if request.method == "POST" else None)

    def create(data):
        exercise = exercise_create(actor=request.user, data=data)
        return exercise, f"{exercise.exercise_id} {exercise.title} is recorded."

    return _form_answer(request, form, None, create)


@require_http_methods(["GET", "POST"])
def exercise_edit(request, exercise_id: str):
    exercise = _exercise_for(request, exercise_id, "assurance.exercise.manage")
    form = ExerciseForm.for_exercise(exercise, request.POST if request.method == "POST" else None)

    def change(data):
        exercise_update(actor=request.user, exercise=exercise, data=data)
        return exercise, f"Changes to {exercise.exercise_id} are saved."

    return _form_answer(request, form, exercise, change)


@require_POST
def exercise_result_add(request, exercise_id: str):
    """One category's counts typed by hand (the loop runs as for an import)."""
    exercise = _exercise_for(request, exercise_id, "assurance.exercise.manage")
    form = ResultForm(request.POST)

    def record(_data):
        try:
            return results_record(
                actor=request.user, exercise=exercise, rows=[form.row()], source="manual"
            )
        except ValidationError as exc:  # "rows[0].successes" is the form's "successes"
            errors = exc.message_dict.items()
            raise ValidationError({k.removeprefix("rows[0]."): v for k, v in errors}) from None

    if form_submit(form, record):
        url = reverse("assurance:exercise_detail", args=[exercise.exercise_id])
        return form_saved(
            request, url=url, message=f"The {form.cleaned_data['category']} results are recorded."
        )
    context = _detail_context(request, exercise, result_form=form)
    return form_refused(
        request,
        partial=RESULT_FORM,
        context=context,
        title=f"Correct the results of {exercise.exercise_id}",
        crumbs=[(exercise.exercise_id, reverse("assurance:exercise_detail", args=[exercise_id]))],
    )
