"""The model card pages that read: the list and its exports, one card with its versions,
one version section by section, and the diff between any two versions."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cards.forms.versions import SystemChangeForm, approve_form, reject_form
from cards.lists import completeness_shown
from cards.rules.content import card_from_dict
from cards.rules.diff import card_diff
from cards.selectors.completeness import card_version_completeness
from cards.selectors.lists import card_list_for
from cards.selectors.models import card_versions_of
from cards.views.common import VIEW, card_crumbs, card_for, version_for
from cards.views.display import diff_rows, section_views
from core.lists import list_export
from core.lists.views import render_list
from core.permissions import can
from core.views.common import require_can, viewer_time_zone

OPEN = ("draft", "in_review")


@require_GET
def card_list(request):
    require_can(request, VIEW)
    query = card_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return render_list(request, query, "cards/list.html")


@require_GET
def card_export(request, file_format: str):
    require_can(request, VIEW)
    query = card_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return list_export(query, actor=request.user, file_format=file_format)


@require_GET
def card_detail(request, card_id: int):
    card = card_for(request, card_id)
    versions = list(card_versions_of(request.user, card))
    open_version = next((v for v in versions if v.status in OPEN), None)
    approved = next((v for v in versions if v.status == "approved"), None)
    shown = open_version or approved
    may_edit = can(request.user, "cards.version.edit", card)
    context = {
        "card": card,
        "system": card.model.system,
        "versions": versions,
        "open_version": open_version,
        "approved": approved,
        "shown": shown,
        "completeness": _completeness(shown),
        "may_edit": may_edit,
        "may_start": may_edit and open_version is None,
        "diff_form": DiffForm(versions=versions) if len(versions) > 1 else None,
        "change_form": SystemChangeForm() if may_edit else None,
    }
    return render(request, "cards/card_detail.html", context)


def _completeness(version) -> dict | None:
    return completeness_shown(card_version_completeness(version)) if version else None


@require_GET
def version_detail(request, card_id: int, number: int):
    card = card_for(request, card_id)
    version = version_for(request, card, number)
    user = request.user
    in_review = version.status == "in_review"
    may_decide = in_review and can(user, "cards.version.approve", version)
    context = {
        "card": card,
        "version": version,
        "sections": section_views(card_from_dict(version.content)),
        "completeness": _completeness(version),
        "may_edit": version.status == "draft" and can(user, "cards.version.edit", version),
        "decision_form": (approve_form(), reject_form()) if may_decide else None,
        "crumbs": card_crumbs(card),
        "export_formats": EXPORT_FORMATS,
    }
    return render(request, "cards/version_detail.html", context)


EXPORT_FORMATS = (
    ("cyclonedx", "CycloneDX 1.6 ML-BOM (JSON)"),
    ("spdx", "SPDX 3.0.1 AI (JSON-LD)"),
    ("huggingface", "Hugging Face model card (README.md)"),
    ("markdown", "Markdown for regulators"),
    ("pdf", "PDF"),
)


class DiffForm(forms.Form):
    """The two versions to compare: `from` and `to`, any two of the card's."""

    def __init__(self, data=None, *, versions):
        super().__init__(data)
        choices = [
            (str(v.number), f"Version {v.number} ({v.get_status_display().lower()})")
            for v in versions
        ]
        self.fields["from"] = forms.TypedChoiceField(
            label="From version", choices=choices, coerce=int
        )
        self.fields["to"] = forms.TypedChoiceField(label="To version", choices=choices, coerce=int)
        if data is None and len(versions) > 1:
            self.initial = {"from": str(versions[1].number), "to": str(versions[0].number)}


@require_GET
def version_diff(request, card_id: int):
    """/cards/<id>/diff/?from=2&to=3: what changed from one version to the other."""
    card = card_for(request, card_id)
    versions = list(card_versions_of(request.user, card))
    asked = "from" in request.GET or "to" in request.GET
    form = DiffForm(request.GET if asked else None, versions=versions)
    changes, old, new, status = None, None, None, 200
    if asked and form.is_valid():
        by_number = {v.number: v for v in versions}
        old, new = by_number[form.cleaned_data["from"]], by_number[form.cleaned_data["to"]]
        changes = diff_rows(card_diff(card_from_dict(old.content), card_from_dict(new.content)))
    elif asked:
        status = 400
    context = {
        "card": card,
        "form": form,
        "changes": changes,
        "old": old,
        "new": new,
        "crumbs": card_crumbs(card),
    }
    return render(request, "cards/diff.html", context, status=status)
