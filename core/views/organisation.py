"""The organisation profile's page (DOMAIN.md 13): members read it, administrators
change it. Notices, reports and packs take their names and contacts from it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import OrganisationProfileForm
from core.permissions import can
from core.selectors import organisation_profile_get
from core.services import organisation_profile_update
from core.views.common import require_can


@require_http_methods(["GET", "POST"])
def organisation_profile(request):
    require_can(request, "core.organisation.view")
    profile = organisation_profile_get()
    may_change = can(request.user, "core.organisation.change")
    if request.method == "POST":
        require_can(request, "core.organisation.change")
        form = OrganisationProfileForm(request.POST, instance=organisation_profile_get())
        if form.is_valid():
            try:
                organisation_profile_update(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "The organisation profile is saved.")
                return redirect("core:organisation_profile")
        status = 400
    else:
        form, status = OrganisationProfileForm(instance=profile), 200
    context = {"profile": profile, "form": form, "may_change": may_change}
    return render(request, "core/organisation_profile.html", context, status=status)
