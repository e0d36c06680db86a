"""What a datasheet version says (DOMAIN.md 7, after Gebru et al. 2021): plain, typed
data stored as the JSON `datasheet_to_dict` writes and read back with
`datasheet_from_dict`, which names every field it refuses. Pure: no ORM, no I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from cards.rules.completeness import Gap
from cards.rules.content import CardContentError, _read_value


@dataclass(frozen=True)
class Datasheet:
    motivation: str = ""
    composition: str = ""
    collection: str = ""
    preprocessing: str = ""
    labelling: str = ""
    distribution: str = ""
    maintenance: str = ""
    recommended_uses: str = ""
    size: str = ""  # "48,000 applications"
    time_span: str = ""  # "2019-2024"
    personal_data: bool = False
    special_categories: tuple[str, ...] = ()  # GDPR Art. 9 categories present
    known_biases: str = ""
    provenance: str = ""
    licence: str = ""


class DatasheetContentError(CardContentError):
    """The content does not fit a datasheet; `problems` maps the field to why."""


# The sections DOMAIN.md 7 says a datasheet covers; an approved datasheet has them all.
REQUIRED_SECTIONS = (
    ("motivation", "The motivation is missing."),
    ("composition", "The composition is missing."),
    ("collection", "The collection process is missing."),
    ("preprocessing", "The preprocessing is missing."),
    ("labelling", "The labelling is missing."),
    ("distribution", "The distribution is missing."),
    ("maintenance", "The maintenance is missing."),
    ("recommended_uses", "The recommended uses are missing."),
)


def datasheet_to_dict(sheet: Datasheet) -> dict:
    data = asdict(sheet)
    data["special_categories"] = list(sheet.special_categories)
    return data


def datasheet_from_dict(data: object) -> Datasheet:
    """Missing fields take their empty value; unknown keys and wrong types are refused,
    every problem named (DatasheetContentError)."""
    if not isinstance(data, dict):
        raise DatasheetContentError({"datasheet": "Must be an object of fields."})
    problems: dict[str, str] = {}
    for key in data.keys() - {spec.name for spec in fields(Datasheet)}:
        problems[str(key)] = "Not a field of a datasheet."
    values = {}
    for spec in fields(Datasheet):
        if spec.name not in data:
            continue
        raw = data[spec.name]
        if spec.type == "bool":
            if not isinstance(raw, bool):
                problems[spec.name] = "Must be true or false."
            values[spec.name] = raw is True
        else:
            values[spec.name] = _read_value(spec.name, spec.type, raw, problems)
    if problems:
        raise DatasheetContentError(problems)
    return Datasheet(**values)


def datasheet_gaps(sheet: Datasheet) -> tuple[Gap, ...]:
    """The required sections still empty, and special categories claimed without
    personal data (special categories are personal data)."""
    gaps = [
        Gap(key, message) for key, message in REQUIRED_SECTIONS if not getattr(sheet, key).strip()
    ]
    if sheet.special_categories and not sheet.personal_data:
        gaps.append(
            Gap("personal_data", "Special categories are named, so the data is personal data.")
        )
    return tuple(gaps)


# Dataset keys that name a page of the register (/datasets/new/, /datasets/export.csv):
# a dataset keyed so could never be opened.
RESERVED_DATASET_KEYS = frozenset({"new", "export"})


def dataset_key_problem(key: str) -> str | None:
    """What is wrong with a new dataset's key beyond its form (a slug), or None."""
    if key in RESERVED_DATASET_KEYS:
        return f"'{key}' names a page of the register; choose another."
    return None
