"""What a model card version says (DOMAIN.md 7): its sections as plain, typed data.

A version's content is stored as the JSON `card_to_dict` writes and read back with
`card_from_dict`, which names every field it refuses. The pages, the API, the exports
(CycloneDX, SPDX, Hugging Face, Markdown) and the completeness rule all read this one
shape; nothing else decides what a card holds. Pure: no ORM, no I/O, no clock.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from datetime import date

AT_LEAST, AT_MOST = "at_least", "at_most"
DIRECTIONS = (AT_LEAST, AT_MOST)
TEXT_LIMIT = 20_000  # characters in one text field
LIST_LIMIT = 200  # entries in one list (metrics, authors, datasets)


@dataclass(frozen=True)
class Metric:
    """A measured value, overall (group "") or for one group (a slice: "age 60+"),
    optionally with a confidence interval and a threshold it must meet."""

    name: str
    value: float
    unit: str = ""
    group: str = ""
    ci_low: float | None = None
    ci_high: float | None = None
    threshold: float | None = None
    direction: str = ""  # AT_LEAST or AT_MOST when a threshold is set

    @property
    def meets_threshold(self) -> bool | None:
        """None without a threshold; else whether the value meets it."""
        if self.threshold is None:
            return None
        if self.direction == AT_MOST:
            return self.value <= self.threshold
        return self.value >= self.threshold


@dataclass(frozen=True)
class Identity:
    model_id: str = ""
    name: str = ""
    version: str = ""
    release_date: date | None = None
    previous_version: str = ""
    authors: tuple[str, ...] = ()
    organisation: str = ""
    # The model's licence (an SPDX identifier or expression such as "Apache-2.0", or the
    # name of a proprietary licence): CycloneDX, SPDX and Hugging Face each carry one.
    licence: str = ""


@dataclass(frozen=True)
class Uses:
    intended_uses: str = ""
    intended_users: str = ""
    out_of_scope_uses: str = ""
    prohibited_uses: str = ""


@dataclass(frozen=True)
class Performance:
    metrics: tuple[Metric, ...] = ()
    caveats: str = ""


@dataclass(frozen=True)
class Technical:
    model_type: str = ""  # e.g. "gradient-boosted trees", "transformer (decoder)"
    base_model: str = ""
    fine_tuning: str = ""
    hyperparameters: str = ""
    training_data_description: str = ""
    training_data_size: str = ""
    knowledge_cutoff: str = ""
    known_issues: str = ""
    evaluation_data: str = ""
    # The datasets (cards.Dataset keys) the model was trained and evaluated on; each
    # needs a datasheet for a high-risk card.
    training_datasets: tuple[str, ...] = ()
    evaluation_datasets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Considerations:
    limitations: str = ""
    failure_modes: str = ""
    identified_biases: str = ""
    fairness_evaluation: str = ""
    safety_risks: str = ""
    red_team_findings: str = ""
    mitigations: str = ""
    accessibility_results: str = ""


@dataclass(frozen=True)
class Environment:
    energy_kwh: float | None = None
    co2e_kg: float | None = None
    compute: str = ""
    hardware: str = ""


@dataclass(frozen=True)
class Governance:
    risk_tier: str = ""
    oversight_level: str = ""
    approvers: tuple[str, ...] = ()
    approval_date: date | None = None
    review_months: int | None = None
    incident_contact: str = ""
    regulations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Card:
    """One version's content, section by section."""

    identity: Identity = field(default_factory=Identity)
    uses: Uses = field(default_factory=Uses)
    performance: Performance = field(default_factory=Performance)
    technical: Technical = field(default_factory=Technical)
    considerations: Considerations = field(default_factory=Considerations)
    environment: Environment = field(default_factory=Environment)
    governance: Governance = field(default_factory=Governance)


SECTIONS = {
    "identity": Identity,
    "uses": Uses,
    "performance": Performance,
    "technical": Technical,
    "considerations": Considerations,
    "environment": Environment,
    "governance": Governance,
}


class CardContentError(ValueError):
    """The content does not fit the card's shape; `problems` maps "section.field" (or
    "performance.metrics[2].value") to what is wrong, in words."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{key}: {why}" for key, why in problems.items()))
        self.problems = problems


def card_to_dict(card: Card) -> dict:
    """The JSON-ready form: dates as ISO strings, tuples as lists."""
    return _plain(asdict(card))


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def card_from_dict(data: object) -> Card:
    """Read a card from its JSON form. Missing sections and fields take their empty
    value; an unknown key, a wrong type, a non-finite number or an over-long text is
    refused with every problem named (CardContentError)."""
    problems: dict[str, str] = {}
    if not isinstance(data, dict):
        raise CardContentError({"card": "Must be an object of sections."})
    for key in data.keys() - SECTIONS.keys():
        problems[str(key)] = "Not a section of a model card."
    sections = {}
    for name, section_type in SECTIONS.items():
        raw = data.get(name, {})
        sections[name] = _read_section(name, section_type, raw, problems)
    if problems:
        raise CardContentError(problems)
    return Card(**sections)


def _read_section(name: str, section_type: type, raw: object, problems: dict) -> object:
    if not isinstance(raw, dict):
        problems[name] = "Must be an object."
        return section_type()
    for key in raw.keys() - {f.name for f in fields(section_type)}:
        problems[f"{name}.{key}"] = "Not a field of this section."
    values = {}
    for spec in fields(section_type):
        if spec.name in raw:
            where = f"{name}.{spec.name}"
            values[spec.name] = _read_value(where, spec.type, raw[spec.name], problems)
    try:
        return section_type(**values)
    except TypeError:  # a value refused above left a hole; the problem is named
        return section_type()


def _read_value(where: str, kind: str, raw: object, problems: dict):  # noqa: C901, PLR0911
    """One field by its annotation (the dataclasses above use a handful of types)."""
    if kind == "str":
        if not isinstance(raw, str):
            problems[where] = "Must be text."
        elif len(raw) > TEXT_LIMIT:
            problems[where] = f"At most {TEXT_LIMIT:,} characters."
        return raw if isinstance(raw, str) else ""
    if kind == "tuple[str, ...]":
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            problems[where] = "Must be a list of texts."
            return ()
        if len(raw) > LIST_LIMIT:
            problems[where] = f"At most {LIST_LIMIT} entries."
        return tuple(raw)
    if kind == "date | None":
        return _read_date(where, raw, problems)
    if kind == "float | None":
        return None if raw is None else _read_number(where, raw, problems)
    if kind == "int | None":
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw <= 120:
            problems[where] = "Must be a whole number of months from 1 to 120."
            return None
        return raw
    if kind == "tuple[Metric, ...]":
        return _read_metrics(where, raw, problems)
    raise AssertionError(f"no reader for {kind}")  # a new field type needs one


def _read_date(where: str, raw: object, problems: dict) -> date | None:
    if raw in (None, ""):
        return None
    try:
        if isinstance(raw, str) and len(raw) == 10:
            return date.fromisoformat(raw)
    except ValueError:
        pass
    problems[where] = "Must be a date as YYYY-MM-DD."
    return None


def _read_number(where: str, raw: object, problems: dict) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        problems[where] = "Must be a finite number."
        return None
    return float(raw)


def _read_metrics(where: str, raw: object, problems: dict) -> tuple[Metric, ...]:
    if not isinstance(raw, list):
        problems[where] = "Must be a list of metrics."
        return ()
    if len(raw) > LIST_LIMIT:
        problems[where] = f"At most {LIST_LIMIT} metrics."
        return ()
    metrics = []
    for index, item in enumerate(raw):
        metric = _read_metric(f"{where}[{index}]", item, problems)
        if metric is not None:
            metrics.append(metric)
    return tuple(metrics)


def _read_metric(where: str, raw: object, problems: dict) -> Metric | None:
    if not isinstance(raw, dict):
        problems[where] = "Must be an object."
        return None
    before = len(problems)
    for key in raw.keys() - {f.name for f in fields(Metric)}:
        problems[f"{where}.{key}"] = "Not a field of a metric."
    name = _read_value(f"{where}.name", "str", raw.get("name", ""), problems).strip()
    if not name:
        problems[f"{where}.name"] = "A metric needs a name."
    value = _read_number(f"{where}.value", raw.get("value"), problems)
    optional = {
        key: _read_value(f"{where}.{key}", "float | None", raw.get(key), problems)
        for key in ("ci_low", "ci_high", "threshold")
    }
    texts = {
        key: _read_value(f"{where}.{key}", "str", raw.get(key, ""), problems)
        for key in ("unit", "group", "direction")
    }
    _check_metric_terms(where, optional, texts, problems)
    if len(problems) > before:
        return None
    return Metric(name=name, value=value, **optional, **texts)


def _check_metric_terms(where: str, optional: dict, texts: dict, problems: dict) -> None:
    threshold, direction = optional["threshold"], texts["direction"]
    if direction and direction not in DIRECTIONS:
        problems[f"{where}.direction"] = "Must be at_least or at_most."
    elif threshold is not None and not direction:
        problems[f"{where}.direction"] = "A threshold needs its direction: at_least or at_most."
    elif direction and threshold is None:
        problems[f"{where}.threshold"] = "A direction needs a threshold."
    low, high = optional["ci_low"], optional["ci_high"]
    if (low is None) != (high is None):
        problems[f"{where}.ci_low"] = "A confidence interval needs both ends."
    elif low is not None and low > high:
        problems[f"{where}.ci_low"] = "The interval's low end is above its high end."
