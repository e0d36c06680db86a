"""What the governance pages' posts share besides core's responder: a button's post (close
a risk or a session, retry an export, save the attendees) that has no form to show again."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from core.views.responder import form_saved


def button_answer(request, call: Callable[[], object], *, url: str, message: str):
    """Call the service; saved: core's form_saved with `message`; refused: the service's
    words as an error on the page at `url` (the button has no form to show again)."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(url)
    return form_saved(request, url=url, message=message)
