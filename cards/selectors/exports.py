"""One version of a card as a file in the formats the field uses: which writer each
format has (cards.exchange), what it reads besides the card (the system, the
organisation, the approved datasheets of the data it names), the file's name and type.
The PDF is rendered elsewhere (issue 18's integration): it registers its writer here
with `exporter_register`; until then "pdf" is a format the API names as not available."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from cards.exchange.cyclonedx import card_to_cyclonedx
from cards.exchange.huggingface import card_to_huggingface
from cards.exchange.markdown import card_to_markdown
from cards.exchange.spdx import card_to_spdx
from cards.models import DatasheetVersion, ModelCardVersion
from cards.rules.content import card_from_dict
from core.selectors import organisation_profile_get

FORMATS = ("cyclonedx", "spdx", "huggingface", "markdown", "pdf")


@dataclass(frozen=True)
class ExportFile:
    body: bytes
    content_type: str
    filename: str


Exporter = Callable[[ModelCardVersion], ExportFile]
_exporters: dict[str, Exporter] = {}


def exporter_register(file_format: str, exporter: Exporter) -> None:
    """Add (or replace) the writer of one format, e.g. the PDF's."""
    _exporters[file_format] = exporter


def exporter_for(file_format: str) -> Exporter | None:
    return _exporters.get(file_format)


def _approved_datasheets(card) -> dict[str, dict]:
    keys = {*card.technical.training_datasets, *card.technical.evaluation_datasets}
    rows = DatasheetVersion.objects.filter(status="approved", dataset__key__in=keys)
    return (
        {
            row.dataset.key: {
                "name": row.dataset.name,
                "version": row.number,
                "content": row.content,
            }
            for row in rows.select_related("dataset")
        }
        if keys
        else {}
    )


def _names(version: ModelCardVersion) -> tuple[str, str]:
    model = version.card.model
    return model.key, f"{model.system.system_id}-{model.key}-v{version.number}"


def _documented(version: ModelCardVersion, writer) -> ExportFile:
    card = card_from_dict(version.content)
    model = version.card.model
    document = writer(
        card,
        system_id=model.system.system_id,
        system_name=model.system.name,
        organisation=organisation_profile_get().legal_name,
        model_key=model.key,
        version_number=version.number,
        datasheets=_approved_datasheets(card),
        created=timezone.now(),
    )
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def _cyclonedx(version: ModelCardVersion) -> ExportFile:
    name = _names(version)[1]
    body = _documented(version, card_to_cyclonedx)
    return ExportFile(body, "application/vnd.cyclonedx+json", f"{name}.cdx.json")


def _spdx(version: ModelCardVersion) -> ExportFile:
    name = _names(version)[1]
    return ExportFile(
        _documented(version, card_to_spdx), "application/ld+json", f"{name}.spdx.json"
    )


def _huggingface(version: ModelCardVersion) -> ExportFile:
    key, name = _names(version)
    text = card_to_huggingface(
        card_from_dict(version.content), model_key=key, version_number=version.number
    )
    return ExportFile(text.encode(), "text/markdown; charset=utf-8", f"{name}-README.md")


def _markdown(version: ModelCardVersion) -> ExportFile:
    key, name = _names(version)
    text = card_to_markdown(
        card_from_dict(version.content),
        system_name=version.card.model.system.name,
        model_key=key,
        version_number=version.number,
        status=version.get_status_display(),
    )
    return ExportFile(text.encode(), "text/markdown; charset=utf-8", f"{name}.md")


exporter_register("cyclonedx", _cyclonedx)
exporter_register("spdx", _spdx)
exporter_register("huggingface", _huggingface)
exporter_register("markdown", _markdown)
