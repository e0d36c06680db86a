"""A system's monitoring tokens (issue 20 section 4): the page its owners and
administrators issue and revoke them on (the key shown once, on the first view after
issuing), and the panel on the registry's system page (core.panels)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assurance.selectors.logs import monitoring_tokens
from assurance.services.tokens import monitoring_token_issue, monitoring_token_revoke
from core.permissions import can
from core.views.common import no_store, require_can
from registry.selectors.systems import system_get_for

ISSUE = "assurance.token.issue"
NEW_KEY = "assurance.new_monitoring_token"


class TokenIssueForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        required=False,
        help_text="What sends with it, e.g. 'screener production'. Blank: the system's ID.",
    )


def _system(request, system_id: str, action: str = ISSUE):
    system = system_get_for(request.user, system_id=system_id)
    require_can(request, action, system)
    return system


@require_http_methods(["GET", "POST"])
def system_tokens(request, system_id: str):
    """List the system's tokens and issue one; a new key is shown on the next view only."""
    system = _system(request, system_id)
    form = TokenIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = monitoring_token_issue(
            actor=request.user, system=system, name=form.cleaned_data["name"]
        )
        request.session[NEW_KEY] = {"id": issued.token.pk, "key": issued.key}
        return redirect("assurance:system_tokens", system_id=system.system_id)
    pending = request.session.pop(NEW_KEY, None)
    tokens = list(monitoring_tokens(system))
    new = next((t for t in tokens if pending and t.pk == pending["id"]), None)
    context = {
        "system": system,
        "tokens": tokens,
        "form": form,
        "new_token": new,
        "new_key": pending["key"] if new else "",
    }
    status = 400 if request.method == "POST" else 200
    return no_store(render(request, "assurance/token_list.html", context, status=status))


@require_POST
def token_revoke(request, system_id: str, token_id: int):
    system = _system(request, system_id)
    token = get_object_or_404(monitoring_tokens(system), pk=token_id)
    monitoring_token_revoke(actor=request.user, system=system, token=token)
    messages.success(request, f"The token “{token.name}” is revoked: the API refuses it now.")
    return redirect("assurance:system_tokens", system_id=system.system_id)


@require_GET
def token_panel(request, system_id: str):
    """The panel on the system page: active tokens and when they were last used."""
    system = _system(request, system_id, "assurance.view")
    active = [t for t in monitoring_tokens(system) if t.revoked_at is None]
    panel = bool(request.htmx)
    context = {
        "system": system,
        "active": active,
        "may_issue": can(request.user, ISSUE, system),
        "panel": panel,
        "base_template": "assurance/token_panel_base.html" if panel else "base.html",
    }
    return render(request, "assurance/_token_panel.html", context)
