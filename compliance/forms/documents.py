"""Filing a document: an evidence file (core's upload form: the file and the dates it
counts between) of a named type (compliance/data/document_types.yaml) with a title.
A system's page offers the types about one system; the organisation's page the
organisation-wide ones (policies and procedures)."""

from __future__ import annotations

from django import forms

from compliance.selectors.documents import document_types
from core.forms import EvidenceUploadForm


def type_choices(scope: str) -> list[tuple[str, str]]:
    """The document types of one scope ("system" or "organisation"), by label."""
    found = [(k, t["label"]) for k, t in document_types().items() if t.get("scope") == scope]
    return [("", "Choose a type")] + sorted(found, key=lambda choice: choice[1].lower())


class DocumentFileForm(EvidenceUploadForm):
    """A document of a type, with its title; then the file and its dates."""

    field_order = ["document_type", "title", "file", "applies_from", "expires_on"]

    document_type = forms.ChoiceField(
        label="Type of document",
        help_text="What the document is: requirements that ask for this type count it.",
    )
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="As people will look for it: 'Human oversight procedure, version 2'.",
    )

    def __init__(self, *args, scope: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = type_choices(scope)
        self.fields["expires_on"].help_text = (
            "Optional. After this date the document no longer counts as evidence and the "
            "requirements it met go back to review; you are warned 30 days before."
        )
