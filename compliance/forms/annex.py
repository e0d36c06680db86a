"""The form of the Annex VIII page: the EU database registration number, once received."""

from __future__ import annotations

from django import forms

from compliance.services.annex import EU_NUMBER_MAX


class EuDatabaseNumberForm(forms.Form):
    eu_database_number = forms.CharField(
        label="EU database registration number",
        max_length=EU_NUMBER_MAX,
        help_text="The number the EU database gave the system after its registration "
        "(Art. 49). It is shown on the system's page and cited in Art. 73 reports.",
    )
