"""The framework library under /compliance/frameworks/: every version (current or
earlier) with its source, size and reviewer role, and one framework's requirement tree
with what each requirement applies to, the evidence it asks for and its crosswalk
lines. Administrators change who reviews a framework's evidence."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from compliance.selectors.frameworks import framework_detail, framework_get_for, framework_list_for
from compliance.services.review import framework_reviewer_set
from core.choices import Role
from core.forms import form_submit
from core.lists import list_export
from core.lists.views import render_list
from core.views.common import require_can, require_can_on_post, viewer_time_zone
from core.views.responder import form_refused, form_saved

VIEW = "compliance.view"
EDIT = "compliance.framework.edit"


class ReviewerRoleForm(forms.Form):
    reviewer_role = forms.ChoiceField(
        label="Reviewer role",
        choices=[(r, label) for r, label in Role.choices if r != Role.PRODUCT_OWNER],
        help_text=(
            "Who accepts evidence for this framework's requirements. A reviewer never "
            "decides for a system their own team owns."
        ),
    )


@require_GET
def framework_list(request):
    require_can(request, VIEW)
    query = framework_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return render_list(request, query, "compliance/framework_list.html")


@require_GET
def framework_export(request, file_format: str):
    require_can(request, VIEW)
    query = framework_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return list_export(query, actor=request.user, file_format=file_format)


@require_http_methods(["GET", "POST"])
def framework_detail_page(request, pk: int):
    require_can(request, VIEW)
    framework = framework_get_for(request.user, pk)
    may_edit = require_can_on_post(request, EDIT, framework)
    form = None
    if may_edit:
        form = ReviewerRoleForm(
            request.POST or None, initial={"reviewer_role": framework.reviewer_role}
        )
    if request.method == "POST":
        url = reverse("compliance:framework_detail", args=[framework.pk])
        saved = form_submit(
            form,
            lambda data: framework_reviewer_set(
                actor=request.user, framework=framework, reviewer_role=data["reviewer_role"]
            ),
        )
        if saved:
            return form_saved(
                request, url=url, message=f"The reviewer of {framework.name} is changed."
            )
        return form_refused(
            request,
            partial="compliance/framework_reviewer_form.html",
            context={"form": form, "framework": framework},
            title="Change the reviewer role",
            crumbs=[("Frameworks", reverse("compliance:framework_list")), (framework.name, url)],
        )
    context = {"detail": framework_detail(framework), "framework": framework, "form": form}
    return render(request, "compliance/framework_detail.html", context)
