"""The model card pages that write: start a draft, edit it one section at a time (with
the completeness box kept live by htmx as the owner types), submit it, and the
reviewer's approval or sending back."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cards.forms.versions import (
    SECTION_TITLES,
    ChangelogForm,
    SectionEdit,
    approve_form,
    reject_form,
)
from cards.lists import completeness_shown
from cards.rules.content import SECTIONS, CardContentError, card_from_dict
from cards.selectors.completeness import card_completeness_for
from cards.services.approval import card_version_approve, card_version_reject
from cards.services.card_versions import (
    card_version_draft_start,
    card_version_submit,
    card_version_update,
)
from cards.views.common import card_crumbs, card_for, version_for, version_url
from core.forms import form_submit, service_call
from core.views.responder import form_refused, form_saved

EDIT = "cards.version.edit"
CHANGELOG = "changelog"  # the edit page's first tab: the version's changelog
TABS = ((CHANGELOG, "Changelog"), *SECTION_TITLES.items())


def button_answer(request, call: Callable[[], object], *, url: str, message: str):
    """A button's post (start, submit): saved, `message` and on to `url`; refused, the
    service's words as an error on the page at `url` (a button has no form to redo)."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return form_saved(request, url=url)  # a full load for htmx too, with the error
    return form_saved(request, url=url, message=message)


@require_POST
def draft_start(request, card_id: int):
    card = card_for(request, card_id, EDIT)
    try:
        version = card_version_draft_start(actor=request.user, card=card)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cards:card_detail", card.pk)
    url = reverse("cards:version_edit", args=[card.pk, version.number, CHANGELOG])
    return form_saved(request, url=url, message=f"Version {version.number} started as a draft.")


def _edit_context(card, version, section: str, form, edit: SectionEdit | None) -> dict:
    return {
        "card": card,
        "version": version,
        "section": section,
        "title": dict(TABS)[section],
        "tabs": [
            (key, label, reverse("cards:version_edit", args=[card.pk, version.number, key]))
            for key, label in TABS
        ],
        "form": form,
        "edit": edit,
        "action": reverse("cards:version_edit", args=[card.pk, version.number, section]),
        "completeness_url": reverse(
            "cards:version_completeness", args=[card.pk, version.number, section]
        ),
        "crumbs": card_crumbs(card),
    }


@require_http_methods(["GET", "POST"])
def version_edit(request, card_id: int, number: int, section: str):
    """One tab of a draft: its changelog, or one section of its content."""
    if section != CHANGELOG and section not in SECTIONS:
        raise Http404("No such section.")
    card = card_for(request, card_id)
    version = version_for(request, card, number, EDIT)
    if version.status != "draft":
        messages.error(request, f"Version {version.number} is no draft: it is not edited.")
        return redirect(version_url(version))
    if section == CHANGELOG:
        return _changelog_edit(request, card, version)
    edit = SectionEdit(section, content=version.content, data=request.POST or None)
    context = _edit_context(card, version, section, edit.form, edit)
    context["completeness"] = _live_completeness(card, edit)
    if request.method == "GET" or edit.adding:
        return render(request, "cards/version_edit.html", context)
    saved = edit.is_valid() and _section_save(request, version, edit)
    if saved:
        url = reverse("cards:version_edit", args=[card.pk, version.number, section])
        return form_saved(request, url=url, message=f"{edit.title} saved.")
    return form_refused(
        request,
        partial="cards/_section_form.html",
        context=context,
        title=f"{edit.title}: correct the form",
        crumbs=context["crumbs"],
        page="cards/version_edit.html",
    )


def _section_save(request, version, edit: SectionEdit) -> bool:
    problems = edit.card_problems()
    if problems:
        edit.add_problems(problems)
        return False
    call = lambda: card_version_update(actor=request.user, version=version, content=edit.merged())  # noqa: E731
    return bool(service_call(edit.form, call))


def _changelog_edit(request, card, version):
    form = ChangelogForm(request.POST or None, initial={"changelog": version.changelog})
    context = _edit_context(card, version, CHANGELOG, form, None)
    if request.method == "GET":
        return render(request, "cards/version_edit.html", context)
    call = lambda data: card_version_update(  # noqa: E731
        actor=request.user, version=version, changelog=data["changelog"]
    )
    if form_submit(form, call):
        url = reverse("cards:version_edit", args=[card.pk, version.number, CHANGELOG])
        return form_saved(request, url=url, message="Changelog saved.")
    return form_refused(
        request,
        partial="cards/_section_form.html",
        context=context,
        title="Changelog: correct the form",
        crumbs=context["crumbs"],
        page="cards/version_edit.html",
    )


def _live_completeness(card, edit: SectionEdit) -> dict:
    """The completeness of the draft as the form holds it now (unsaved), with what the
    card cannot read named apart."""
    edit.is_valid()  # reads what it can; the rest keeps its stored value
    try:
        content = card_from_dict(edit.merged())
    except CardContentError as exc:
        return {"unreadable": exc.problems}
    shown = completeness_shown(card_completeness_for(card.model.system, content))
    shown["unread"] = edit.errors_count if edit.form.is_bound else 0
    return shown


@require_POST
def version_completeness(request, card_id: int, number: int, section: str):
    """htmx: the completeness box for the section's unsaved form content."""
    if section not in SECTIONS:
        raise Http404("No such section.")
    card = card_for(request, card_id)
    version = version_for(request, card, number, EDIT)
    edit = SectionEdit(section, content=version.content, data=request.POST)
    context = {"completeness": _live_completeness(card, edit), "live": True}
    return render(request, "cards/_completeness.html", context)


@require_POST
def version_submit(request, card_id: int, number: int):
    card = card_for(request, card_id)
    version = version_for(request, card, number, EDIT)
    return button_answer(
        request,
        lambda: card_version_submit(actor=request.user, version=version),
        url=version_url(version),
        message=f"Version {version.number} submitted for review.",
    )


def _decision(request, card_id: int, number: int, *, action: str, approve: bool):
    card = card_for(request, card_id)
    version = version_for(request, card, number, action)
    form = (approve_form if approve else reject_form)(request.POST)
    service = card_version_approve if approve else card_version_reject
    call = lambda data: service(  # noqa: E731
        actor=request.user, version=version, note=data["decision_note"]
    )
    if form_submit(form, call):
        done = "approved" if approve else "sent back to its author"
        return form_saved(
            request, url=version_url(version), message=f"Version {version.number} {done}."
        )
    context = {
        "form": form,
        "card": card,
        "version": version,
        "approve": approve,
        "post_url": request.path,
    }
    return form_refused(
        request,
        partial="cards/_decision_form.html",
        context=context,
        title=f"Version {version.number}: correct the form",
        crumbs=card_crumbs(card),
    )


@require_POST
def version_approve(request, card_id: int, number: int):
    return _decision(request, card_id, number, action="cards.version.approve", approve=True)


@require_POST
def version_reject(request, card_id: int, number: int):
    return _decision(request, card_id, number, action="cards.version.reject", approve=False)
