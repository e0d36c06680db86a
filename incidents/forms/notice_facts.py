"""The form for the facts an incident's notifications carry: the labels and prompts
(help text) are the model's, so the page, the admin and the drafts say the same."""

from __future__ import annotations

from django import forms

from incidents.models import Incident
from incidents.services.notice_facts import NOTICE_FACTS

_TEXT_ROWS = {
    "likely_consequences": 3,
    "measures_taken": 3,
    "advice_to_people": 3,
    "causal_link": 3,
}


class NoticeFactsForm(forms.Form):
    """GDPR Art. 33(3) items, Art. 34's advice and the AI Act's causal link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Incident, fields=NOTICE_FACTS))
        for name, rows in _TEXT_ROWS.items():
            self.fields[name].widget.attrs["rows"] = rows
        for field in self.fields.values():
            field.label = field.label[:1].upper() + field.label[1:]

    @classmethod
    def for_incident(cls, incident: Incident) -> NoticeFactsForm:
        return cls(initial={name: getattr(incident, name) for name in NOTICE_FACTS})
