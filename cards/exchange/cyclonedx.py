"""A model card as a CycloneDX 1.6 ML-BOM, and back (DOMAIN.md 7).

The BOM names the system (metadata.component), holds one `machine-learning-model`
component with its `modelCard` and one `data` component per dataset the card names.
cyclonedx-python-lib 11.x does not model `modelCard` or `data` yet, so the document is
plain data; the library's validator checks it against the official 1.6 schema.

What CycloneDX holds natively is written there: name, version, authors, manufacturer
(the organisation), licence, base model (pedigree ancestor), architecture family (model
type), datasets, performance metrics with slice and confidence interval, users, use
cases, technical limitations, ethical considerations (identified biases with their
mitigations), fairness assessments (derived: each group whose metric misses its
threshold), energy and CO2. Everything else, and what CycloneDX has no field for (a
metric's unit, threshold and direction), is a component property named
"aigov:card:<section>.<field>", so export then import gives the same card.
The reader, cyclonedx_to_card, lives in cyclonedx_read.py and is importable from here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from cards.exchange.common import card_fields, field_value, number_text, value_text
from cards.exchange.cyclonedx_read import PREFIX, cyclonedx_to_card
from cards.rules.content import Card, Metric

SPEC_VERSION = "1.6"
SCHEMA_URL = "http://cyclonedx.org/schema/bom-1.6.schema.json"
# Fields the modelCard or the component carry natively; all others go to properties.
NATIVE = {
    "identity.name",
    "identity.version",
    "identity.authors",
    "identity.organisation",
    "identity.licence",
    "uses.intended_uses",
    "uses.intended_users",
    "technical.model_type",
    "technical.base_model",
    "considerations.limitations",
    "considerations.identified_biases",
    "considerations.mitigations",
    "environment.energy_kwh",
}
__all__ = ["PREFIX", "card_to_cyclonedx", "cyclonedx_to_card"]
SERIAL_NAMESPACE = uuid.UUID("6f1c4f52-3f0e-4b8e-9a57-1d2f0c9a7e31")


def card_to_cyclonedx(
    card: Card,
    *,
    system_id: int | str,
    system_name: str,
    organisation: str,
    model_key: str,
    version_number: int,
    datasheets: Mapping[str, Mapping] | None = None,
    created: datetime | None = None,
) -> dict:
    """The BOM of one card version. `datasheets` maps a dataset key to its datasheet
    ({"name", "version", "content": {field: text}}); `created` stamps metadata.timestamp.
    The serial number is derived from system, model and version, so exporting the same
    version twice gives the same BOM."""
    model_ref = f"model:{model_key}"
    dataset_keys = list(
        dict.fromkeys((*card.technical.training_datasets, *card.technical.evaluation_datasets))
    )
    serial = uuid.uuid5(SERIAL_NAMESPACE, f"{system_id}/{model_key}/{version_number}")
    metadata = {
        "component": {
            "type": "application",
            "bom-ref": f"system:{system_id}",
            "name": system_name,
        },
        "supplier": {"name": organisation},
        "properties": [
            {"name": "aigov:model-key", "value": model_key},
            {"name": "aigov:card-version", "value": str(version_number)},
        ],
    }
    if created is not None:
        metadata = {"timestamp": created.isoformat(), **metadata}
    datasheets = datasheets or {}
    return {
        "$schema": SCHEMA_URL,
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": serial.urn,
        "version": 1,
        "metadata": metadata,
        "components": [
            _model_component(card, model_ref, dataset_keys),
            *(_data_component(key, datasheets.get(key)) for key in dataset_keys),
        ],
        "dependencies": [
            {"ref": f"system:{system_id}", "dependsOn": [model_ref]},
            {"ref": model_ref, "dependsOn": [f"dataset:{key}" for key in dataset_keys]},
            *({"ref": f"dataset:{key}"} for key in dataset_keys),
        ],
    }


def _model_component(card: Card, model_ref: str, dataset_keys: list[str]) -> dict:
    identity = card.identity
    component: dict = {
        "type": "machine-learning-model",
        "bom-ref": model_ref,
        "name": identity.name,
    }
    if identity.version:
        component["version"] = identity.version
    if identity.authors:
        component["authors"] = [{"name": author} for author in identity.authors]
    if identity.organisation:
        component["manufacturer"] = {"name": identity.organisation}
    if identity.licence:
        component["licenses"] = [{"license": {"name": identity.licence}}]
    if card.technical.base_model:
        component["pedigree"] = {
            "ancestors": [{"type": "machine-learning-model", "name": card.technical.base_model}]
        }
    component["modelCard"] = _model_card(card, dataset_keys)
    component["properties"] = _properties(card)
    return component


def _model_card(card: Card, dataset_keys: list[str]) -> dict:
    parameters: dict = {}
    if card.technical.model_type:
        parameters["architectureFamily"] = card.technical.model_type
    if dataset_keys:
        parameters["datasets"] = [{"ref": f"dataset:{key}"} for key in dataset_keys]
    model_card: dict = {}
    if parameters:
        model_card["modelParameters"] = parameters
    if card.performance.metrics:
        model_card["quantitativeAnalysis"] = {
            "performanceMetrics": [_metric(metric) for metric in card.performance.metrics]
        }
    considerations = _considerations(card)
    if considerations:
        model_card["considerations"] = considerations
    return model_card


def _metric(metric: Metric) -> dict:
    entry = {"type": metric.name, "value": number_text(metric.value)}
    if metric.group:
        entry["slice"] = metric.group
    if metric.ci_low is not None and metric.ci_high is not None:
        entry["confidenceInterval"] = {
            "lowerBound": number_text(metric.ci_low),
            "upperBound": number_text(metric.ci_high),
        }
    return entry


def _considerations(card: Card) -> dict:
    uses, considerations = card.uses, card.considerations
    found: dict = {}
    for key, text in (
        ("users", uses.intended_users),
        ("useCases", uses.intended_uses),
        ("technicalLimitations", considerations.limitations),
    ):
        if text:
            found[key] = [text]
    ethical = {}
    if considerations.identified_biases:
        ethical["name"] = considerations.identified_biases
    if considerations.mitigations:
        ethical["mitigationStrategy"] = considerations.mitigations
    if ethical:
        found["ethicalConsiderations"] = [ethical]
    fairness = _fairness_assessments(card)
    if fairness:
        found["fairnessAssessments"] = fairness
    environmental = _environmental(card)
    if environmental:
        found["environmentalConsiderations"] = environmental
    return found


def _fairness_assessments(card: Card) -> list[dict]:
    """Derived for readers of the BOM: each group a metric fails its threshold for. The
    metrics themselves carry the numbers, so the reader does not read these back."""
    assessments = []
    for metric in card.performance.metrics:
        if metric.group and metric.meets_threshold is False:
            bound = "at most" if metric.direction == "at_most" else "at least"
            entry = {
                "groupAtRisk": metric.group,
                "harms": (
                    f"{metric.name} is {metric.value:g}{metric.unit}, against a threshold "
                    f"of {bound} {metric.threshold:g}{metric.unit}"
                ),
            }
            if card.considerations.mitigations:
                entry["mitigationStrategy"] = card.considerations.mitigations
            assessments.append(entry)
    return assessments


def _environmental(card: Card) -> dict:
    environment = card.environment
    if environment.energy_kwh is None:
        return {}
    consumption: dict = {
        "activity": "training",
        "energyProviders": [],
        "activityEnergyCost": {"value": environment.energy_kwh, "unit": "kWh"},
    }
    if environment.co2e_kg is not None:  # exact in its property; tonnes here
        consumption["co2CostEquivalent"] = {"value": environment.co2e_kg / 1000, "unit": "tCO2eq"}
    return {"energyConsumptions": [consumption]}


def _properties(card: Card) -> list[dict]:
    """Every field CycloneDX has no place for: one pair per value (a list repeats its
    name), and a metric's unit, threshold and direction by its position."""
    pairs = []
    for section, name, kind in card_fields():
        key = f"{section}.{name}"
        if key in NATIVE:
            continue
        value = field_value(card, key)
        if kind == "tuple[str, ...]":
            pairs += [{"name": PREFIX + key, "value": item} for item in value]
        elif value not in ("", None):
            pairs.append({"name": PREFIX + key, "value": value_text(value, kind)})
    for index, metric in enumerate(card.performance.metrics):
        where = f"{PREFIX}performance.metrics[{index}]"
        if metric.unit:
            pairs.append({"name": f"{where}.unit", "value": metric.unit})
        if metric.threshold is not None:
            pairs.append({"name": f"{where}.threshold", "value": number_text(metric.threshold)})
            pairs.append({"name": f"{where}.direction", "value": metric.direction})
    return pairs


def _data_component(key: str, datasheet: Mapping | None) -> dict:
    datasheet = datasheet or {}
    name = str(datasheet.get("name") or key)
    content = datasheet.get("content") or {}
    data = {"type": "dataset", "name": name}
    description = next(
        (content[field] for field in ("motivation", "composition") if content.get(field)), ""
    )
    if isinstance(description, str) and description:
        data["description"] = description
    component: dict = {"type": "data", "bom-ref": f"dataset:{key}", "name": name}
    if datasheet.get("version") is not None:
        component["version"] = str(datasheet["version"])
    component["data"] = [data]
    component["properties"] = [{"name": "aigov:dataset-key", "value": key}] + [
        {"name": f"aigov:datasheet:{field}", "value": str(text)}
        for field, text in content.items()
        if isinstance(text, str | int | float) and not isinstance(text, bool) and text != ""
    ]
    return component
