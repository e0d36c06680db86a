"""A model card as a Hugging Face README.md (YAML front matter + Markdown), and back.

Front matter: `license`, `base_model`, `datasets` (training data), `metrics`,
`model-index` (one result per metric: its evaluation dataset, the group as dataset
config and as the metric's `slice`), `co2_eq_emissions` in grams, and an `aigov` block
with the card's other short fields and each metric's unit, interval and threshold, so
our own README reads back as the same card. The paragraphs are Markdown sections under
the headings of markdown.TEXT_SECTIONS; a README from elsewhere is read by the headings
of Hugging Face's template too ("Direct Use", "Out-of-Scope Use", "Recommendations").

YAML is read with a safe loader that refuses anchors and aliases (no "billion laughs")
and a size limit on the front matter.
"""

from __future__ import annotations

import re

import yaml

from cards.exchange.common import PLACEHOLDER, build_card, card_fields, field_value, parse_number
from cards.exchange.common import slug as make_slug
from cards.exchange.errors import ImportRefused
from cards.exchange.markdown import NOT_STATED, TEXT_KEYS, TEXT_SECTIONS, text_sections
from cards.exchange.report import ImportReport, import_report
from cards.rules.content import SECTIONS, Card

FRONT_MATTER_LIMIT = 64 * 1024  # PyYAML reads about 250 KB a second; a card needs ~10 KB
MAX_DEPTH = 20  # a model card's front matter is a few levels deep
METRIC_EXTRAS = ("unit", "ci_low", "ci_high", "threshold", "direction")
# Headings of Hugging Face's own template (and plain words) for our fields.
ALIASES = {
    "uses.intended_uses": ("direct use", "intended use", "uses"),
    "uses.out_of_scope_uses": ("out-of-scope use", "out of scope use"),
    "uses.intended_users": ("intended user", "users"),
    "technical.training_data_description": ("training data", "training details"),
    "technical.evaluation_data": ("testing data", "evaluation", "testing data, factors & metrics"),
    "technical.fine_tuning": ("training procedure",),
    "technical.hyperparameters": ("training hyperparameters",),
    "considerations.limitations": ("bias, risks, and limitations", "limitations and bias"),
    "considerations.mitigations": ("recommendations",),
    "considerations.identified_biases": ("bias",),
}


def card_to_huggingface(card: Card, *, model_key: str, version_number: int) -> str:
    """The README.md of one card version."""
    front = _front_matter(card, model_key=model_key, version_number=version_number)
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    body = [f"# {card.identity.name or model_key}", ""]
    body += text_sections(card, empty=PLACEHOLDER)
    return "---\n" + header + "---\n\n" + "\n".join(body).rstrip() + "\n"


def _front_matter(card: Card, *, model_key: str, version_number: int) -> dict:
    technical, metrics = card.technical, card.performance.metrics
    front: dict = {}
    if card.identity.licence:
        front["license"] = card.identity.licence
    if technical.base_model:
        front["base_model"] = technical.base_model
    if technical.training_datasets:
        front["datasets"] = list(dict.fromkeys(technical.training_datasets))
    if metrics:
        front["metrics"] = list(dict.fromkeys(metric.name for metric in metrics))
        evaluated = technical.evaluation_datasets[0] if technical.evaluation_datasets else None
        front["model-index"] = [
            {
                "name": card.identity.name or model_key,
                "results": [_result(metric, evaluated) for metric in metrics],
            }
        ]
    if card.environment.co2e_kg is not None:
        front["co2_eq_emissions"] = {"emissions": card.environment.co2e_kg * 1000}
    front["aigov"] = _aigov_block(card, model_key=model_key, version_number=version_number)
    return front


def _result(metric, evaluated: str | None) -> dict:
    dataset = {"type": evaluated or "evaluation", "name": evaluated or "Evaluation data"}
    entry = {"type": metric.name, "value": metric.value}
    if metric.group:
        dataset["config"] = metric.group
        entry["slice"] = metric.group
    return {"task": {"type": "other"}, "dataset": dataset, "metrics": [entry]}


def _aigov_block(card: Card, *, model_key: str, version_number: int) -> dict:
    block: dict = {"model_key": model_key, "card_version": version_number}
    for section, name, kind in card_fields():
        key = f"{section}.{name}"
        value = field_value(card, key)
        if key in TEXT_KEYS or value in ("", None, ()):
            continue
        if kind == "date | None":
            value = value.isoformat()
        block.setdefault(section, {})[name] = list(value) if isinstance(value, tuple) else value
    block["metrics"] = [
        {
            extra: getattr(metric, extra)
            for extra in METRIC_EXTRAS
            if getattr(metric, extra) not in (None, "")
        }
        for metric in card.performance.metrics
    ]
    return block


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML that refuses anchors and aliases: a "billion laughs" file expands a
    few aliases into gigabytes; a model card never needs them."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ImportRefused(
                "The YAML front matter uses anchors or aliases (&, *), which a model card "
                "never needs and a YAML bomb relies on."
            )
        # Refused before the parser reads on: "[[[[..." 50,000 deep took over a second.
        if self.depth >= MAX_DEPTH:
            raise ImportRefused(f"The YAML front matter is nested over {MAX_DEPTH} levels deep.")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def split_front_matter(text: str) -> tuple[dict, str]:
    """The front matter as data, and the Markdown after it."""
    if not text.startswith("---"):
        return {}, text
    match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.S)
    if not match:
        raise ImportRefused("The YAML front matter has no closing '---' line.")
    if len(match.group(1)) > FRONT_MATTER_LIMIT:
        raise ImportRefused(f"The YAML front matter is over {FRONT_MATTER_LIMIT // 1024} KB.")
    try:
        data = yaml.load(match.group(1), Loader=_NoAliasLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as error:
        raise ImportRefused(f"The YAML front matter is malformed: {error}") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ImportRefused("The YAML front matter is not a mapping of keys to values.")
    return data, text[match.end() :]


def markdown_sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) for every ATX heading outside fenced code, in order."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    fenced = False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        heading = None if fenced else re.match(r" {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            sections.append((heading.group(1), []))
        else:
            sections[-1][1].append(line)
    return [(title, "\n".join(lines).strip()) for title, lines in sections]


def _normal(heading: str) -> str:
    return " ".join(heading.lower().replace("*", "").split())


def huggingface_to_card(
    text: str, *, datasets_with_datasheet: frozenset[str] = frozenset()
) -> tuple[Card, ImportReport]:
    """The card a README holds, and the report of the import."""
    front, body = split_front_matter(text)
    sections = markdown_sections(body)
    not_read: list[str] = []
    aigov = front.get("aigov") if isinstance(front.get("aigov"), dict) else {}
    data: dict = {section: {} for section in SECTIONS}
    _read_block(aigov, data, not_read)
    _read_front(front, data, bool(aigov), not_read)
    _read_sections(sections, data, not_read)
    if not aigov and not data["identity"].get("name"):
        title = next((heading for heading, _ in sections if heading), "")
        data["identity"]["name"] = title[:200]
    if not front and not any(data[s] for s in ("uses", "technical", "considerations")):
        raise ImportRefused(
            "Not a Hugging Face model card: no YAML front matter and no model card sections."
        )
    card = build_card(data)
    return card, import_report(
        card,
        format="huggingface",
        not_read=not_read,
        datasets_with_datasheet=datasets_with_datasheet,
    )


def _read_block(block: dict, data: dict, not_read: list) -> None:
    for section, values in block.items():
        if section in ("model_key", "card_version", "metrics"):
            continue
        if section not in SECTIONS or not isinstance(values, dict):
            not_read.append(f"aigov.{section}: not a section of a model card")
            continue
        for name, value in values.items():
            data[section][name] = value.isoformat() if hasattr(value, "isoformat") else value


def _read_front(front: dict, data: dict, ours: bool, not_read: list) -> None:
    technical = data["technical"]
    if front.get("license"):
        data["identity"].setdefault("licence", str(front["license"]))
    if front.get("base_model"):
        base = front["base_model"]
        technical["base_model"] = ", ".join(base) if isinstance(base, list) else str(base)
    datasets = front.get("datasets") or []
    if datasets and not ours:
        keys = [make_slug(str(name)) for name in datasets] if isinstance(datasets, list) else []
        technical["training_datasets"] = list(dict.fromkeys(key for key in keys if key))
    emissions = (front.get("co2_eq_emissions") or {}) if not ours else {}
    grams = parse_number(emissions.get("emissions"))[0] if isinstance(emissions, dict) else None
    if grams is not None:
        data["environment"]["co2e_kg"] = grams / 1000
    extras = (ours and front.get("aigov", {}).get("metrics")) or []
    data["performance"]["metrics"] = _read_model_index(front.get("model-index"), extras, not_read)
    if not ours:
        evaluated = [
            make_slug(str(r.get("dataset", {}).get("type") or ""))
            for m in front.get("model-index") or []
            for r in (m.get("results") or [])
            if isinstance(r, dict) and isinstance(r.get("dataset"), dict)
        ]
        evaluated = [key for key in dict.fromkeys(evaluated) if key]
        if evaluated:
            technical["evaluation_datasets"] = evaluated
    known = {"license", "base_model", "datasets", "metrics", "model-index", "co2_eq_emissions"}
    not_read += [
        f"front matter {key!r}: no field of the card"
        for key in front
        if key not in known | {"aigov"}
    ]


def _read_model_index(index: object, extras: list, not_read: list) -> list[dict]:
    metrics = []
    entries = [
        entry
        for model in (index if isinstance(index, list) else [])
        for result in (model.get("results") or [] if isinstance(model, dict) else [])
        for entry in (result.get("metrics") or [] if isinstance(result, dict) else [])
        if isinstance(entry, dict)
    ]
    for position, entry in enumerate(entries):
        name = str(entry.get("type") or entry.get("name") or "").strip()
        value, unit = parse_number(entry.get("value"))
        if not name or value is None:
            not_read.append(f"model-index metric {position}: needs a type and a numeric value")
            continue
        metric = {
            "name": name,
            "value": value,
            "unit": unit,
            "group": str(entry.get("slice") or ""),
        }
        extra = (
            extras[position]
            if position < len(extras) and isinstance(extras[position], dict)
            else {}
        )
        metric.update({key: extra[key] for key in METRIC_EXTRAS if key in extra})
        metrics.append(metric)
    return metrics


def _read_sections(sections: list[tuple[str, str]], data: dict, not_read: list) -> None:
    by_heading = {}
    for group, entries in TEXT_SECTIONS:
        by_heading[_normal(group)] = None
        for key, heading in entries:
            by_heading[_normal(heading)] = key
    for key, aliases in ALIASES.items():
        for alias in aliases:
            by_heading.setdefault(alias, key)
    for heading, text in sections:
        normal = _normal(heading)
        if normal not in by_heading:
            if text and heading:
                not_read.append(f"section {heading!r}: no field of the card")
            continue
        key = by_heading[normal]
        if key is None or text in ("", PLACEHOLDER, NOT_STATED):
            continue
        section, name = key.split(".")
        data[section].setdefault(name, text)
