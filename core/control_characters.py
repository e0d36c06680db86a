"""Control characters in text: refused on input, escaped on the way out.

A control character (a bell, an escape, a form feed pasted from a terminal or a PDF)
is invisible on a page, and XML -- so XLSX, and the PDFs -- cannot hold most of them:
one in a risk title made the risk register's XLSX export fail for everyone. So every
text field of every form and API refuses them (a 400 naming the field), and every
export writes any already stored as visible text (`\\x07`).

Tabs, line feeds and carriage returns are not refused: multi-line text needs them.
The rest of C0 (U+0000 to U+001F), DEL (U+007F) and C1 (U+0080 to U+009F) are.

`text_inputs_refuse_control_characters()` (called once from CoreConfig.ready) puts the
one validator on every form CharField (Django's, django-filter's, the admin's, every
app's) and every DRF CharField, so no form or serializer has to remember it;
core.api.serializers.StrictInput also checks the fields a ModelSerializer builds with
validators of their own.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_characters_in(text: str) -> list[str]:
    """The control characters in `text` as code points ("U+0007"), each once, in order."""
    found = dict.fromkeys(f"U+{ord(ch):04X}" for ch in CONTROL_CHARACTERS.findall(text))
    return list(found)


def control_character_message(text: str) -> str | None:
    """What to tell the person who typed `text`, or None when it holds none."""
    found = control_characters_in(text)
    if not found:
        return None
    which = ", ".join(found)
    noun = "character" if len(found) == 1 else "characters"
    return f"Remove the invisible control {noun} ({which}): text cannot hold them."


def refuse_control_characters(value) -> None:
    """A validator for Django forms, models and DRF fields alike."""
    if not isinstance(value, str):
        return
    message = control_character_message(value)
    if message:
        raise ValidationError(message, code="control_character")


def control_characters_escaped(text: str) -> str:
    """`text` with each control character written as `\\xNN` (an export stays valid and
    shows that something was there)."""
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def text_inputs_refuse_control_characters() -> None:
    """Every form and API text field refuses control characters (see the module's doc).

    A field's class-level default validators: a form field or serializer field built
    anywhere (a Form, a ModelForm, a filter set, a Serializer) starts with them. Fields
    that declare defaults of their own (e-mail, slug, URL) check stricter forms anyway.
    """
    from django import forms
    from rest_framework import serializers

    for field_class in (forms.CharField, serializers.CharField):
        defaults = list(field_class.default_validators)
        if refuse_control_characters not in defaults:
            field_class.default_validators = [*defaults, refuse_control_characters]
