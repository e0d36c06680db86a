"""The import page's forms: the upload (the tool, its file and, for an Inspect log, what
its score measures and the category), then the confirmation of the preview, which
carries only the token of the upload the server keeps."""

from __future__ import annotations

from django import forms

from assurance.exchange.reading import MEASURES, TOOLS
from assurance.rules.results import CATEGORY_MAX


class ResultFileForm(forms.Form):
    source = forms.ChoiceField(
        label="Tool",
        choices=list(TOOLS.items()),
        widget=forms.RadioSelect,
        help_text="The tool that wrote the file.",
    )
    file = forms.FileField(
        label="Result file",
        allow_empty_file=True,  # the service refuses it, with the same message as the API
        help_text="garak: the run's report.jsonl (its eval rows are read). promptfoo: the "
        "file of `promptfoo redteam eval --output results.json`. Inspect: a JSON log "
        "(`--log-format=json`, or `inspect log convert FILE --to json`). PyRIT: a CSV of "
        "attack results with an outcome column and harm_category (or category, objective). "
        "Nothing is stored before you confirm.",
        widget=forms.ClearableFileInput(attrs={"accept": ".jsonl,.json,.csv,.txt"}),
    )
    measures = forms.ChoiceField(
        label="What the Inspect score measures",
        choices=[("", "Not an Inspect log"), *MEASURES.items()],
        required=False,
        help_text="Inspect logs only: the task's accuracy is a share of its samples; say "
        "of what, so it counts as attacks that succeeded or as false refusals.",
    )
    category = forms.CharField(
        label="Category (Inspect logs)",
        max_length=CATEGORY_MAX,
        required=False,
        help_text="The attack category the log's samples belong to. Leave empty for the "
        "task's name.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].required_when = "required for an Inspect log"


class ResultConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
