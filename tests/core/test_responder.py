"""core.views.responder: the one answer to a posted form, with htmx and without.

A tiny form view of this module's own, served beside the portal's URLs, answers
through the responder as every app's views do.
"""

from __future__ import annotations

import pytest
from django import forms
from django.urls import include, path

from core.views.responder import form_refused, form_saved

pytestmark = pytest.mark.django_db

FORM_URL = "/test-only/name/"
HTMX = {"HTTP_HX_REQUEST": "true"}


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def name_view(request):
    form = NameForm(request.POST)
    if form.is_valid():
        return form_saved(request, url="/inbox/", message=f"Saved {form.cleaned_data['name']}.")
    return form_refused(
        request,
        partial="components/form_errors.html",
        context={"form": form},
        title="Name the thing",
        crumbs=[("Inbox", "/inbox/"), ("Things", "/inbox/?things")],
    )


urlpatterns = [
    path(FORM_URL.strip("/") + "/", name_view),
    path("", include("config.urls")),
]


@pytest.fixture
def signed_in(settings, client_for, personas):
    settings.ROOT_URLCONF = __name__
    return client_for(personas.dpo)


def test_saved_with_htmx_is_a_full_load_of_the_url_and_the_message_waits_there(signed_in):
    response = signed_in.post(FORM_URL, {"name": "Screener"}, **HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/inbox/"
    assert "Saved Screener." in signed_in.get("/inbox/").content.decode()


def test_saved_without_htmx_redirects_with_the_message(signed_in):
    response = signed_in.post(FORM_URL, {"name": "Screener"}, follow=True)
    assert response.redirect_chain == [("/inbox/", 302)]
    assert "Saved Screener." in response.content.decode()


def test_refused_with_htmx_is_the_partial_alone_with_400(signed_in):
    response = signed_in.post(FORM_URL, {"name": ""}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Name: This field is required." in html
    assert "<html" not in html and "Name the thing" not in html


def test_refused_without_htmx_is_a_page_with_the_form_title_and_the_way_back(signed_in):
    response = signed_in.post(FORM_URL, {"name": "x" * 21})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Name the thing" in html and "<h1>Name the thing</h1>" in html
    assert "Name: Ensure this value has at most 20 characters" in html
    assert (
        '<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/inbox/">Inbox</a> › '
        '<a href="/inbox/?things">Things</a></nav>'
    ) in html
