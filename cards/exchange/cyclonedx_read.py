"""A CycloneDX ML-BOM read back into a model card (the writer is cyclonedx.py).

The first `machine-learning-model` component is the card. Our own exports carry every
field the modelCard has no place for in "aigov:card:" properties, and those win over
what is derived for other readers (datasets by role, CO2 in kilograms, fairness
assessments). A BOM from another tool gives what its modelCard holds; the report names
what was not read. The caller has checked the document against the 1.6 schema.
"""

from __future__ import annotations

import re

from cards.exchange.common import build_card, card_fields, join_texts, parse_number, parse_scalar
from cards.exchange.common import slug as make_slug
from cards.exchange.errors import ImportRefused
from cards.exchange.report import ImportReport, import_report
from cards.rules.content import DIRECTIONS, LIST_LIMIT, SECTIONS, Card

# The properties our exports carry the fields CycloneDX has no place for in.
PREFIX = "aigov:card:"
METRIC_PROPERTY = re.compile(
    re.escape(PREFIX) + r"performance\.metrics\[(\d{1,4})\]\.(unit|threshold|direction)"
)
KINDS = {f"{section}.{name}": kind for section, name, kind in card_fields()}


def cyclonedx_to_card(
    document: dict, *, datasets_with_datasheet: frozenset[str] = frozenset()
) -> tuple[Card, ImportReport]:
    """The card of the BOM's first model, and the report of the import."""
    components = [c for c in document.get("components") or [] if isinstance(c, dict)]
    models = [c for c in components if c.get("type") == "machine-learning-model"]
    if not models:
        raise ImportRefused(
            "The BOM has no machine-learning-model component, so it holds no model card."
        )
    model, not_read = models[0], []
    not_read += [
        f"component {c.get('name')!r}: a second model; import it from a BOM of its own"
        for c in models[1:]
    ]
    not_read += _other_components(components)
    properties = [p for p in model.get("properties") or [] if isinstance(p, dict)]
    ours = any(str(p.get("name", "")).startswith(PREFIX) for p in properties)
    data: dict = {section: {} for section in SECTIONS}
    _read_identity(model, data)
    model_card = model.get("modelCard") or {}
    data_components = {c.get("bom-ref"): c for c in components if c.get("type") == "data"}
    _read_parameters(model_card.get("modelParameters") or {}, data, data_components, ours, not_read)
    metrics = _read_metrics(model_card.get("quantitativeAnalysis") or {}, not_read)
    _read_considerations(model_card.get("considerations") or {}, data, ours, not_read)
    _read_properties(properties, data, metrics, not_read)
    data["performance"]["metrics"] = _finish_metrics(metrics, not_read)
    card = build_card(data)
    return card, import_report(
        card,
        format="cyclonedx",
        not_read=not_read,
        datasets_with_datasheet=datasets_with_datasheet,
    )


def _other_components(components: list[dict]) -> list[str]:
    """One line per kind of component the card does not read (an SBOM may list thousands
    of libraries): how many, and the first names."""
    by_type: dict[str, list[str]] = {}
    for component in components:
        if component.get("type") not in ("machine-learning-model", "data"):
            by_type.setdefault(str(component.get("type")), []).append(str(component.get("name")))
    lines = []
    for kind, names in by_type.items():
        shown = ", ".join(repr(name) for name in names[:3]) + (", ..." if len(names) > 3 else "")
        lines.append(f"{len(names)} {kind} component(s) ({shown}): neither a model nor a dataset")
    return lines


def _read_identity(model: dict, data: dict) -> None:
    identity = data["identity"]
    identity["name"] = str(model.get("name") or "")
    if model.get("version"):
        identity["version"] = str(model["version"])
    authors = [a.get("name") for a in model.get("authors") or [] if isinstance(a, dict)]
    if authors:
        identity["authors"] = [str(name or "") for name in authors]
    maker = model.get("manufacturer") or model.get("supplier") or {}
    if maker.get("name"):
        identity["organisation"] = maker["name"]
    licences = [_licence_text(entry) for entry in model.get("licenses") or []]
    if any(licences):
        identity["licence"] = " AND ".join(text for text in licences if text)
    ancestors = (model.get("pedigree") or {}).get("ancestors") or []
    names = [a.get("name") for a in ancestors if isinstance(a, dict) and a.get("name")]
    if names:
        data["technical"]["base_model"] = ", ".join(names)


def _licence_text(entry: dict) -> str:
    if entry.get("expression"):
        return entry["expression"]
    licence = entry.get("license") or {}
    return licence.get("id") or licence.get("name") or ""


def _read_parameters(
    parameters: dict, data: dict, data_components: dict, ours: bool, not_read: list
) -> None:
    family, architecture = parameters.get("architectureFamily"), parameters.get("modelArchitecture")
    if family or architecture:
        both = f"{family} ({architecture})" if family and architecture else None
        data["technical"]["model_type"] = both or family or architecture
    for name in ("approach", "task", "inputs", "outputs"):
        if parameters.get(name):
            not_read.append(f"modelParameters.{name}: the card has no field for it")
    if ours:  # the properties name each dataset with its role
        return
    keys = [_dataset_key(entry, data_components) for entry in parameters.get("datasets") or []]
    keys = list(dict.fromkeys(key for key in keys if key))
    if keys:
        data["technical"]["training_datasets"] = keys[:LIST_LIMIT]
        not_read.append(
            "modelParameters.datasets: the BOM does not say which data trained the model and "
            "which evaluated it; all are read as training data"
        )


def _dataset_key(entry: dict, data_components: dict) -> str:
    if "ref" in entry:
        component = data_components.get(entry["ref"]) or {}
        for prop in component.get("properties") or []:
            if prop.get("name") == "aigov:dataset-key" and prop.get("value"):
                return make_slug(prop["value"])
        return make_slug(component.get("name") or str(entry["ref"]))
    return make_slug(entry.get("name") or "")


def _read_metrics(analysis: dict, not_read: list) -> list[dict | None]:
    """The metrics by their position in the BOM (None where one cannot be read), so the
    positional properties find theirs."""
    if analysis.get("graphics"):
        not_read.append("quantitativeAnalysis.graphics: the card keeps no pictures")
    metrics: list[dict | None] = []
    for index, entry in enumerate(analysis.get("performanceMetrics") or []):
        name = str(entry.get("type") or "").strip()
        value, unit = parse_number(entry.get("value"))
        if not name or value is None:
            not_read.append(
                f"performanceMetrics[{index}]: needs a type and a numeric value "
                f"(found {entry.get('type')!r}, {entry.get('value')!r})"
            )
            metrics.append(None)
            continue
        metric = {"name": name, "value": value, "unit": unit, "group": entry.get("slice") or ""}
        interval = entry.get("confidenceInterval") or {}
        low, high = (
            parse_number(interval.get("lowerBound"))[0],
            parse_number(interval.get("upperBound"))[0],
        )
        if low is not None and high is not None and low <= high:
            metric.update(ci_low=low, ci_high=high)
        elif interval:
            not_read.append(f"performanceMetrics[{index}].confidenceInterval: not two numbers")
        metrics.append(metric)
    return metrics


def _read_considerations(found: dict, data: dict, ours: bool, not_read: list) -> None:
    uses, considerations = data["uses"], data["considerations"]
    for key, target, name in (
        ("users", uses, "intended_users"),
        ("useCases", uses, "intended_uses"),
        ("technicalLimitations", considerations, "limitations"),
        ("performanceTradeoffs", data["performance"], "caveats"),
    ):
        text = join_texts(found.get(key) or [])
        if text:
            target[name] = text
    ethical = [e for e in found.get("ethicalConsiderations") or [] if isinstance(e, dict)]
    for key, name in (("name", "identified_biases"), ("mitigationStrategy", "mitigations")):
        text = join_texts([e.get(key) for e in ethical])
        if text:
            considerations[name] = text
    if not ours:
        _read_fairness(found.get("fairnessAssessments") or [], considerations)
    _read_energy(found.get("environmentalConsiderations") or {}, data, ours, not_read)


def _read_fairness(assessments: list, considerations: dict) -> None:
    lines = []
    for entry in assessments:
        parts = [
            f"{label}: {entry[key]}"
            for key, label in (
                ("benefits", "benefits"),
                ("harms", "harms"),
                ("mitigationStrategy", "mitigation"),
            )
            if entry.get(key)
        ]
        lines.append(f"{entry.get('groupAtRisk') or 'Group not named'}: " + "; ".join(parts))
    if lines:
        considerations["fairness_evaluation"] = "\n".join(lines)


def _read_energy(environmental: dict, data: dict, ours: bool, not_read: list) -> None:
    consumptions = environmental.get("energyConsumptions") or []
    if consumptions:
        data["environment"]["energy_kwh"] = sum(
            float(c["activityEnergyCost"]["value"]) for c in consumptions
        )
        if len(consumptions) > 1:
            not_read.append("energyConsumptions: the activities are added up into one figure")
    co2 = [c["co2CostEquivalent"]["value"] for c in consumptions if c.get("co2CostEquivalent")]
    if co2 and not ours:
        data["environment"]["co2e_kg"] = sum(float(value) for value in co2) * 1000


def _read_properties(
    properties: list[dict], data: dict, metrics: list[dict | None], not_read: list
) -> None:
    lists: dict[str, list] = {}
    for prop in properties:
        name, raw = str(prop.get("name", "")), str(prop.get("value", ""))
        match = METRIC_PROPERTY.fullmatch(name)
        if match:
            _metric_extra(metrics, int(match.group(1)), match.group(2), raw, not_read)
            continue
        key = name.removeprefix(PREFIX)
        if not name.startswith(PREFIX) or key not in KINDS:
            not_read.append(f"property {name!r}: not a field of a model card")
            continue
        section, field = key.split(".")
        if KINDS[key] == "tuple[str, ...]":
            lists.setdefault(key, []).append(raw)
            continue
        try:
            data[section][field] = parse_scalar(raw, KINDS[key])
        except ValueError:
            not_read.append(f"property {name!r}: {raw!r} is not a valid value")
    for key, values in lists.items():
        section, field = key.split(".")
        data[section][field] = values


def _metric_extra(metrics: list, index: int, what: str, raw: str, not_read: list) -> None:
    if index >= len(metrics) or metrics[index] is None:
        not_read.append(f"property for performance metric {index}: that metric was not read")
        return
    if what == "threshold":
        value, _ = parse_number(raw)
        if value is None:
            not_read.append(f"threshold of metric {index}: {raw!r} is not a number")
            return
        metrics[index]["threshold"] = value
    else:
        metrics[index][what] = raw


def _finish_metrics(metrics: list[dict | None], not_read: list) -> list[dict]:
    """A threshold is kept only with its direction (and the other way round)."""
    kept = []
    for index, metric in enumerate(metrics):
        if metric is None:
            continue
        has_threshold = metric.get("threshold") is not None
        if has_threshold != (metric.get("direction") in DIRECTIONS):
            not_read.append(f"threshold of metric {index}: needs both a value and a direction")
            metric.pop("threshold", None)
            metric.pop("direction", None)
        kept.append(metric)
    return kept
