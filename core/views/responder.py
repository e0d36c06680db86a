"""The one answer to a posted form, with htmx or without (every app's views use it).

A view parses, calls a service (core.forms.form_submit) and answers with one of:

- `form_saved`: the service wrote. A flash message, then to `url`: an `HX-Redirect`
  for htmx (a full load, so every block on the page is current), a redirect otherwise.
- `form_refused`: the form again with its errors in place, 400. For htmx the partial
  alone (it replaces itself); otherwise a page of its own around the partial, with a
  title and a way back, so a browser without JavaScript loses nothing typed.

`request.htmx` is django-htmx's reading of the request: no view reads the raw header.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

BAD_REQUEST = 400
FORM_PAGE = "components/form_page.html"


def form_saved(request, *, url: str, message: str = "") -> HttpResponse:
    """Saved: the message, then `url` (a full load for htmx too)."""
    if message:
        messages.success(request, message)
    if request.htmx:
        return HttpResponse(status=200, headers={"HX-Redirect": url})
    return redirect(url)


def form_refused(
    request,
    *,
    partial: str,
    context: dict,
    title: str = "Correct the form",
    crumbs: list[tuple[str, str]] | None = None,
    page: str = FORM_PAGE,
) -> HttpResponse:
    """The form again with its errors, status 400: the partial for htmx, else a page.

    `crumbs` are the breadcrumb links (label, url) back to where the form was posted
    from; `page` a page template of the app's own when the generic one will not do.
    """
    if request.htmx:
        return render(request, partial, context, status=BAD_REQUEST)
    shown = {**context, "partial": partial, "title": title, "crumbs": crumbs or []}
    return render(request, page, shown, status=BAD_REQUEST)
