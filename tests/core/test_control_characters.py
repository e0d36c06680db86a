"""Control characters: every text input refuses them with a 400 naming the field (forms,
filters and the API alike, without each form or serializer asking for it); tabs and
line breaks in multi-line text stay allowed."""

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import serializers

from core.control_characters import (
    CONTROL_CHARACTERS,
    control_character_message,
    control_characters_escaped,
    control_characters_in,
)
from governance.models import Risk
from registry.models import AISystem

RISK = {
    "title": "Support agent jailbreak",
    "description": "Refunds.\r\n\tTo anyone who asks.",
    "category": "security",
    "inherent_likelihood": "2",
    "inherent_impact": "2",
    "residual_likelihood": "1",
    "residual_impact": "1",
}


def test_the_message_names_each_character_once():
    assert control_characters_in("a\x07b\x07c\x1b") == ["U+0007", "U+001B"]
    assert control_character_message("Bell\x07") == (
        "Remove the invisible control character (U+0007): text cannot hold them."
    )
    assert "characters (U+000B, U+0085)" in control_character_message("\x0bx\x85")


def test_tabs_and_line_breaks_are_text_and_stay():
    assert control_character_message("Line one\r\nLine two\tand a tab") is None
    assert control_characters_escaped("Line\r\n\tok") == "Line\r\n\tok"


def test_an_export_writes_a_stored_control_character_as_visible_text():
    assert control_characters_escaped("Risk\x07 of\x1b[31m red") == "Risk\\x07 of\\x1b[31m red"


@given(st.text())
def test_escaped_text_holds_no_control_character_and_clean_text_is_unchanged(text):
    escaped = control_characters_escaped(text)
    assert not CONTROL_CHARACTERS.search(escaped)
    if control_character_message(text) is None:
        assert escaped == text


def test_every_form_char_field_and_every_serializer_char_field_refuses_them():
    class AnyForm(forms.Form):  # a form that asks for nothing: the kernel's default
        note = forms.CharField(widget=forms.Textarea)

    form = AnyForm({"note": "pasted\x0c page break"})
    assert not form.is_valid()
    assert "U+000C" in form.errors["note"][0]
    assert AnyForm({"note": "two\r\nlines"}).is_valid()

    class AnySerializer(serializers.Serializer):
        name = serializers.CharField()
        tags = serializers.ListField(child=serializers.CharField())

    data = AnySerializer(data={"name": "ok", "tags": ["fine", "esc\x1b"]})
    assert not data.is_valid()
    assert "U+001B" in str(data.errors["tags"])


@pytest.mark.django_db
def test_a_risk_form_with_a_control_character_is_a_400_naming_the_field(client, personas):
    client.force_login(personas.board)
    form = RISK | {"title": "Bell\x07 in the title", "owner_team": str(personas.people_ops.pk)}
    response = client.post("/risks/new/", form)
    assert response.status_code == 400
    assert "control character (U+0007)" in response.text
    assert not Risk.objects.exists()
    response = client.post("/risks/new/", form | {"title": "A clean title"})
    assert response.status_code == 302  # the multi-line description with a tab is kept
    assert Risk.objects.get().description == RISK["description"]


@pytest.mark.django_db
def test_a_list_filter_with_a_control_character_is_a_400_naming_it(client, personas):
    client.force_login(personas.auditor)
    response = client.get("/risks/", {"q": "x\x1by"})
    assert response.status_code == 400
    assert "U+001B" in response.text


@pytest.mark.django_db
def test_the_api_refuses_them_with_a_400_naming_the_field(api_client, personas):
    api_client.force_authenticate(personas.board)
    risk = {k: v for k, v in RISK.items()} | {"owner_team": personas.people_ops.slug}
    response = api_client.post("/api/v1/risks/", risk | {"title": "Bell\x07"}, format="json")
    assert response.status_code == 400, response.json()
    assert "U+0007" in response.json()["title"][0]
    assert not Risk.objects.exists()


@pytest.mark.django_db
def test_a_model_serializer_of_the_api_refuses_them_too(api_client, personas):
    """SystemWriteSerializer is a ModelSerializer: its fields carry the model's validators,
    not the class defaults, so core's StrictInput checks them."""
    api_client.force_authenticate(personas.owner)
    system = {
        "name": "Resume\x1b[31m screener",
        "description": "Ranks CVs.",
        "owner_team": personas.people_ops.slug,
    }
    response = api_client.post("/api/v1/systems/", system, format="json")
    assert response.status_code == 400, response.json()
    assert "U+001B" in response.json()["name"][0]
    assert not AISystem.objects.exists()
