"""What every exchange format shares: the card's fields by kind, numbers and texts as the
formats write them, and the one way an imported card is built and checked."""

from __future__ import annotations

import math
import re
from dataclasses import fields
from datetime import date

from cards.exchange.errors import ImportRefused
from cards.rules.content import SECTIONS, Card, CardContentError, card_from_dict

MAX_IMPORT_BYTES = 5 * 1024 * 1024
PLACEHOLDER = "[More Information Needed]"  # Hugging Face's word for an empty section


def card_fields() -> list[tuple[str, str, str]]:
    """(section, field, kind) for every field but the metrics, in card order."""
    return [
        (name, spec.name, spec.type)
        for name, section in SECTIONS.items()
        for spec in fields(section)
        if spec.type != "tuple[Metric, ...]"
    ]


def field_value(card: Card, key: str):
    section, name = key.split(".")
    return getattr(getattr(card, section), name)


def number_text(value: float) -> str:
    """The shortest text that reads back as the same float (CycloneDX keeps numbers as text)."""
    return repr(float(value))


def value_text(value, kind: str) -> str:
    """A scalar field as text, for formats that carry name/value pairs."""
    if kind == "float | None":
        return number_text(value)
    if kind == "date | None":
        return value.isoformat()
    return str(value)


def parse_number(text: object) -> tuple[float | None, str]:
    """A number and the unit written after it ("91%" -> (91.0, "%")); (None, "") when the
    text is not a finite number."""
    if isinstance(text, bool):
        return None, ""
    if isinstance(text, int | float):
        return (float(text), "") if math.isfinite(text) else (None, "")
    if not isinstance(text, str):
        return None, ""
    match = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(%?)\s*", text)
    if not match:
        return None, ""
    value = float(match.group(1))
    return (value, match.group(2)) if math.isfinite(value) else (None, "")


def parse_scalar(raw: str, kind: str):
    """A name/value pair's text read back as the field's kind; ValueError when it is not."""
    if kind == "float | None":
        value, unit = parse_number(raw)
        if value is None or unit:
            raise ValueError(raw)
        return value
    if kind == "int | None":
        return int(raw)
    if kind == "date | None":
        return date.fromisoformat(raw).isoformat()
    return raw


def join_texts(items: list) -> str:
    """Several entries of a list of texts as one text, a blank line between them."""
    return "\n\n".join(str(item) for item in items if isinstance(item, str) and item)


def slug(text: str) -> str:
    """A dataset key from a name another tool wrote ("org/My Data" -> "org-my-data")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100]


def build_card(data: dict) -> Card:
    """The card from the dict an importer gathered, or a refusal naming every problem:
    nothing half-imported."""
    try:
        return card_from_dict(data)
    except CardContentError as error:
        problems = "; ".join(f"{key}: {why}" for key, why in list(error.problems.items())[:10])
        raise ImportRefused(f"The file's content does not fit a model card: {problems}") from error
