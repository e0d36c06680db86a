"""The dataset register's pages that write: register a dataset, start datasheet version
N (a copy of the latest), edit the draft (every field of cards.rules.datasheet, problems
on the fields they name) and approve it (the DPO or the AI safety lead, confirmed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cards.forms.registers import (
    DatasetCreateForm,
    datasheet_content,
    datasheet_form_class,
    datasheet_initial,
)
from cards.models import DatasheetVersion
from cards.services.datasets import (
    dataset_create,
    datasheet_version_approve,
    datasheet_version_draft_start,
    datasheet_version_update,
)
from cards.views.datasets import VIEW, _dataset_for
from core.choices import Role
from core.forms import add_service_errors, form_submit
from core.models import Team
from core.permissions import is_admin, teams_where
from core.views.common import require_can
from core.views.responder import form_refused, form_saved

EDIT = "cards.datasheet.edit"


def _teams_open_to(user):
    """The teams `user` may register a dataset for (cards.permissions)."""
    teams = Team.objects.order_by("name")
    return teams if is_admin(user) else teams.filter(pk__in=teams_where(user, Role.PRODUCT_OWNER))


def _sheet_url(dataset, number: int, name: str = "cards:datasheet_detail") -> str:
    return reverse(name, args=[dataset.key, number])


@require_http_methods(["GET", "POST"])
def dataset_new(request):
    """/datasets/new/: register a dataset (key, name, owning team, description)."""
    require_can(request, VIEW)
    require_can(request, "cards.dataset.create")
    posted = request.method == "POST"
    form = DatasetCreateForm(request.POST if posted else None, teams=_teams_open_to(request.user))
    call = lambda data: dataset_create(actor=request.user, **data)  # noqa: E731
    if posted and (saved := form_submit(form, call)):
        url = reverse("cards:dataset_detail", args=[saved.result.key])
        message = f"{saved.result.name} registered: start version 1 of its datasheet."
        return form_saved(request, url=url, message=message)
    page = "cards/dataset_new.html"
    if posted:
        return form_refused(request, partial=page, context={"form": form}, page=page)
    return render(request, page, {"form": form})


@require_POST
def datasheet_start(request, key: str):
    """Start datasheet version N+1 (version 1 empty), then on to its edit page."""
    dataset = _dataset_for(request, key)
    require_can(request, EDIT, dataset)
    try:
        version = datasheet_version_draft_start(actor=request.user, dataset=dataset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cards:dataset_detail", dataset.key)
    url = _sheet_url(dataset, version.number, "cards:datasheet_edit")
    message = f"Datasheet version {version.number} started as a draft."
    return form_saved(request, url=url, message=message)


def _version_for(request, key: str, number: int, action: str) -> DatasheetVersion:
    dataset = _dataset_for(request, key)
    version = dataset.versions.select_related("dataset__owner_team").filter(number=number).first()
    if version is None:
        raise Http404("No such datasheet version.")
    require_can(request, action, version)
    return version


@require_http_methods(["GET", "POST"])
def datasheet_edit(request, key: str, number: int):
    """The draft's form: its changelog and every field of the datasheet."""
    version = _version_for(request, key, number, EDIT)
    dataset = version.dataset
    if version.status != "draft":
        messages.error(request, f"Datasheet version {number} is no draft: it is not edited.")
        return redirect(_sheet_url(dataset, number))
    posted = request.method == "POST"
    form = datasheet_form_class()(
        request.POST if posted else None,
        initial=datasheet_initial(version.content, version.changelog),
    )
    if posted and form.is_valid() and _save(request, form, version):
        url = _sheet_url(dataset, number)
        return form_saved(request, url=url, message=f"Datasheet version {number} saved.")
    context = {
        "form": form,
        "dataset": dataset,
        "version": version,
        "crumbs": [
            ("Datasets", reverse("cards:dataset_list")),
            (dataset.name, reverse("cards:dataset_detail", args=[dataset.key])),
            (f"Datasheet version {number}", _sheet_url(dataset, number)),
        ],
    }
    page = "cards/datasheet_edit.html"
    if posted:
        return form_refused(request, partial=page, context=context, page=page)
    return render(request, page, context)


def _save(request, form, version) -> bool:
    """The service's problems ("content.size") land on the fields they name ("size")."""
    try:
        datasheet_version_update(
            actor=request.user,
            version=version,
            content=datasheet_content(form),
            changelog=form.cleaned_data["changelog"],
        )
    except ValidationError as exc:
        named = {
            where.removeprefix("content."): problems for where, problems in exc.message_dict.items()
        }
        add_service_errors(form, ValidationError(named))
        return False
    return True


@require_POST
def datasheet_approve(request, key: str, number: int):
    """Approve a draft (confirmed on the page); refused, the reasons at the top of the
    datasheet's page, where its gaps are listed (a full load for htmx too)."""
    version = _version_for(request, key, number, "cards.datasheet.approve")
    url = _sheet_url(version.dataset, number)
    try:
        datasheet_version_approve(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, "Not approved: " + " ".join(exc.messages))
        return form_saved(request, url=url)
    return form_saved(request, url=url, message=f"Datasheet version {number} approved.")
