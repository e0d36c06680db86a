"""One entry point for an uploaded model card: which format it is, whether it may be
read at all, and the card it holds (or the reason it is refused, before anything is
saved). The service that saves the card as a new draft version calls this first."""

from __future__ import annotations

import json
from functools import cache

from cards.exchange.common import MAX_IMPORT_BYTES
from cards.exchange.cyclonedx_read import cyclonedx_to_card
from cards.exchange.errors import ImportRefused
from cards.exchange.huggingface import huggingface_to_card
from cards.exchange.report import ImportReport
from cards.rules.content import Card

SUPPORTED = ("1.5", "1.6")  # modelCard arrived in 1.5; 1.6 is what we write


def card_import(
    data: bytes, *, filename: str, datasets_with_datasheet: frozenset[str] = frozenset()
) -> tuple[Card, ImportReport]:
    """The card in a CycloneDX ML-BOM (JSON) or a Hugging Face README (Markdown), with
    the report of what was read; ImportRefused(reason) when the file cannot be read."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; a model card may be at most "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB."
        )
    if b"\x00" in data:
        raise ImportRefused("The file is binary, not a JSON BOM or a Markdown README.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"The file is not UTF-8 text (byte {error.start} cannot be read)."
        ) from error
    name = filename.lower()
    if name.endswith(".json") or (not name.endswith((".md", ".markdown")) and _looks_json(text)):
        document = _bom(text)
        return cyclonedx_to_card(document, datasets_with_datasheet=datasets_with_datasheet)
    if name.endswith((".md", ".markdown", ".txt")) or text.lstrip().startswith(("---", "#")):
        return huggingface_to_card(text, datasets_with_datasheet=datasets_with_datasheet)
    raise ImportRefused(
        "The file is neither a CycloneDX ML-BOM (.json) nor a Hugging Face README (.md)."
    )


def _looks_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))


def _bom(text: str) -> dict:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"The file is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from error
    except RecursionError as error:
        raise ImportRefused("The JSON is nested too deeply.") from error
    if not isinstance(document, dict) or document.get("bomFormat") != "CycloneDX":
        if isinstance(document, dict) and "@context" in document:
            raise ImportRefused(
                "SPDX documents are exported, not imported: upload a CycloneDX BOM."
            )
        raise ImportRefused('The JSON is not a CycloneDX BOM (no "bomFormat": "CycloneDX").')
    version = document.get("specVersion")
    if version not in SUPPORTED:
        raise ImportRefused(
            f"The BOM is CycloneDX {version!s}; model cards are read from CycloneDX 1.5 or 1.6."
        )
    try:
        error = _validator(version).validate_str(json.dumps(_read_parts(document)))
    except RecursionError as error:
        raise ImportRefused("The BOM is nested too deeply to be checked.") from error
    if error is not None:
        where = "/".join(str(part) for part in getattr(error.data, "absolute_path", []))
        raise ImportRefused(
            f"The BOM does not follow the CycloneDX {version} schema"
            + (f" at {where}" if where else "")
            + f": {getattr(error.data, 'message', error)}"
        )
    return document


def _read_parts(document: dict) -> dict:
    """The BOM with only the components a card is read from (models and data). The
    schema's uniqueItems check is quadratic in the components: a 4 MB SBOM of 5,500
    libraries took 40 s to check whole; the libraries are listed as not read instead."""
    components = document.get("components")
    if not isinstance(components, list):
        return document
    read = [
        component
        for component in components
        if not isinstance(component, dict)
        or component.get("type") in ("machine-learning-model", "data")
    ]
    return {**document, "components": read}


@cache
def _validator(version: str):
    """The official schema, compiled once per process."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    return JsonStrictValidator(SchemaVersion.from_version(version))
