"""A model card as an SPDX 3.0.1 document (JSON-LD): an AIPackage for the model, a
DatasetPackage per dataset it names, their licence and "trained on" / "tested on"
relationships (DOMAIN.md 7). Export only: SPDX is what a buyer or a registry receives.

The AI profile asks every AIPackage for a release time, a supplier, a version, a
download location, a primary purpose and its licences (hasDeclaredLicense and
hasConcludedLicense relationships); those are always written. A card without a release
date is released when the document is created; without a licence it says NOASSERTION.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time

from cards.exchange.common import number_text
from cards.rules.content import AT_MOST, Card

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
CREATION = "_:creationinfo"
# Our oversight levels (DOMAIN.md 2: none, partial, full) as SPDX's autonomy.
AUTONOMY = {"none": "yes", "partial": "no", "full": "no"}
# A risk tier as SPDX's safety risk assessment (EU AI Act tiers and our own words).
SAFETY = (
    ("prohibit", "serious"),
    ("unacceptable", "serious"),
    ("high", "high"),
    ("limited", "medium"),
    ("medium", "medium"),
    ("minimal", "low"),
    ("low", "low"),
)


def card_to_spdx(
    card: Card,
    *,
    system_id: int | str,
    system_name: str,
    organisation: str,
    model_key: str,
    version_number: int,
    created: datetime,
    datasheets: Mapping[str, Mapping] | None = None,
) -> dict:
    """The SPDX 3.0.1 JSON-LD document of one card version; `created` is required by
    SPDX's creation info (the caller passes the clock's now)."""
    base = f"urn:aigov:system:{system_id}:model:{model_key}:v{version_number}"
    ids = {
        "document": f"{base}#document",
        "creator": f"{base}#creator",
        "supplier": f"{base}#supplier",
        "model": f"{base}#model",
        "licence": f"{base}#licence",
    }
    released = _released(card, created)
    supplier = card.identity.organisation or organisation
    elements = [
        _agent("Organization", ids["creator"], organisation),
        _agent("Organization", ids["supplier"], supplier),
        {
            **_ai_package(card, ids, base, released, version_number, system_name),
            "ai_useSensitivePersonalInformation": _sensitive(card, datasheets or {}),
        },
        {
            "type": "simplelicensing_LicenseExpression",
            "spdxId": ids["licence"],
            "creationInfo": CREATION,
            "simplelicensing_licenseExpression": card.identity.licence or "NOASSERTION",
        },
        *_licence_relationships(ids),
    ]
    elements += _datasets(card, ids, base, released, datasheets or {})
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "type": "CreationInfo",
                "@id": CREATION,
                "specVersion": "3.0.1",
                "created": _stamp(created),
                "createdBy": [ids["creator"]],
            },
            {
                "type": "SpdxDocument",
                "spdxId": ids["document"],
                "creationInfo": CREATION,
                "name": f"Model card: {card.identity.name or model_key} ({system_name})",
                "profileConformance": ["core", "software", "simpleLicensing", "ai", "dataset"],
                "rootElement": [ids["model"]],
                "element": [element["spdxId"] for element in elements],
            },
            *elements,
        ],
    }


def _sensitive(card: Card, datasheets: Mapping[str, Mapping]) -> str:
    """ "yes" when a datasheet of its data records special categories of personal data
    (GDPR Art. 9); "no" when every dataset has a datasheet saying it holds no personal
    data; otherwise no assertion."""
    technical = card.technical
    keys = set(technical.training_datasets) | set(technical.evaluation_datasets)
    contents = [(datasheets.get(key) or {}).get("content") for key in keys]
    if any(content and content.get("special_categories") for content in contents):
        return "yes"
    if keys and all(content and content.get("personal_data") is False for content in contents):
        return "no"
    return "noAssertion"


def _stamp(moment: datetime) -> str:
    # isoformat, not strftime: it writes the year with four digits ("0999"), as SPDX asks
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _released(card: Card, created: datetime) -> str:
    if card.identity.release_date is None:
        return _stamp(created)
    return _stamp(datetime.combine(card.identity.release_date, time(), tzinfo=UTC))


def _agent(kind: str, spdx_id: str, name: str) -> dict:
    return {"type": kind, "spdxId": spdx_id, "creationInfo": CREATION, "name": name or "unnamed"}


def _ai_package(
    card: Card, ids: dict, base: str, released: str, version_number: int, system_name: str
) -> dict:
    identity, technical = card.identity, card.technical
    package = {
        "type": "ai_AIPackage",
        "spdxId": ids["model"],
        "creationInfo": CREATION,
        "name": identity.name or "unnamed model",
        "software_packageVersion": identity.version or str(version_number),
        "software_downloadLocation": base,
        "software_primaryPurpose": "model",
        "releaseTime": released,
        "suppliedBy": ids["supplier"],
        "ai_autonomyType": AUTONOMY.get(card.governance.oversight_level.lower(), "noAssertion"),
        "ai_domain": [system_name],
    }
    if identity.authors:
        package["summary"] = "Authors: " + ", ".join(identity.authors)
    texts = {
        "ai_informationAboutApplication": _paragraphs(
            ("Intended uses", card.uses.intended_uses),
            ("Intended users", card.uses.intended_users),
            ("Out-of-scope uses", card.uses.out_of_scope_uses),
            ("Prohibited uses", card.uses.prohibited_uses),
        ),
        "ai_informationAboutTraining": _paragraphs(
            ("Training data", technical.training_data_description),
            ("Training data size", technical.training_data_size),
            ("Fine-tuning", technical.fine_tuning),
            ("Knowledge cut-off", technical.knowledge_cutoff),
            ("Base model", technical.base_model),
        ),
        "ai_limitation": _paragraphs(
            ("Limitations", card.considerations.limitations),
            ("Failure modes", card.considerations.failure_modes),
            ("Known issues", technical.known_issues),
            ("Identified biases", card.considerations.identified_biases),
        ),
    }
    package.update({key: text for key, text in texts.items() if text})
    package.update(_ai_lists(card))
    return package


def _paragraphs(*parts: tuple[str, str]) -> str:
    return "\n\n".join(f"{label}: {text}" for label, text in parts if text)


def _ai_lists(card: Card) -> dict:
    found: dict = {}
    if card.technical.model_type:
        found["ai_typeOfModel"] = [card.technical.model_type]
    if card.governance.regulations:
        found["ai_standardCompliance"] = list(card.governance.regulations)
    if card.technical.hyperparameters:
        found["ai_hyperparameter"] = [_entry("hyperparameters", card.technical.hyperparameters)]
    tier = card.governance.risk_tier.lower()
    safety = next((value for word, value in SAFETY if word in tier), None)
    if safety:
        found["ai_safetyRiskAssessment"] = safety
    if card.environment.energy_kwh is not None:
        found["ai_energyConsumption"] = {
            "type": "ai_EnergyConsumption",
            "ai_trainingEnergyConsumption": [
                {
                    "type": "ai_EnergyConsumptionDescription",
                    "ai_energyQuantity": number_text(card.environment.energy_kwh),
                    "ai_energyUnit": "kilowattHour",
                }
            ],
        }
    metrics, thresholds = [], []
    for key, metric in zip(_metric_keys(card), card.performance.metrics, strict=True):
        metrics.append(_entry(key, f"{number_text(metric.value)}{metric.unit}"))
        if metric.threshold is not None:
            bound = "at most" if metric.direction == AT_MOST else "at least"
            thresholds.append(_entry(key, f"{bound} {number_text(metric.threshold)}{metric.unit}"))
    if metrics:
        found["ai_metric"] = metrics
    if thresholds:
        found["ai_metricDecisionThreshold"] = thresholds
    return found


def _metric_keys(card: Card) -> list[str]:
    """One key per metric, "accuracy [age 60+]", numbered when a key repeats, so each
    threshold names the metric it belongs to."""
    keys, seen = [], {}
    for metric in card.performance.metrics:
        key = f"{metric.name} [{metric.group}]" if metric.group else metric.name
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return keys


def _entry(key: str, value: str) -> dict:
    return {"type": "DictionaryEntry", "key": key, "value": value}


def _licence_relationships(ids: dict) -> list[dict]:
    return [
        {
            "type": "Relationship",
            "spdxId": f"{ids['model']}-{kind}",
            "creationInfo": CREATION,
            "from": ids["model"],
            "relationshipType": kind,
            "to": [ids["licence"]],
        }
        for kind in ("hasDeclaredLicense", "hasConcludedLicense")
    ]


def _datasets(
    card: Card, ids: dict, base: str, released: str, datasheets: Mapping[str, Mapping]
) -> list[dict]:
    technical = card.technical
    keys = list(dict.fromkeys((*technical.training_datasets, *technical.evaluation_datasets)))
    elements = [_dataset(key, ids, base, released, datasheets.get(key) or {}) for key in keys]
    for kind, chosen in (
        ("trainedOn", technical.training_datasets),
        ("testedOn", technical.evaluation_datasets),
    ):
        if chosen:
            elements.append(
                {
                    "type": "Relationship",
                    "spdxId": f"{ids['model']}-{kind}",
                    "creationInfo": CREATION,
                    "from": ids["model"],
                    "relationshipType": kind,
                    "to": [f"{base}#dataset-{key}" for key in dict.fromkeys(chosen)],
                }
            )
    return elements


def _dataset(key: str, ids: dict, base: str, released: str, datasheet: Mapping) -> dict:
    content = datasheet.get("content") or {}
    element = {
        "type": "dataset_DatasetPackage",
        "spdxId": f"{base}#dataset-{key}",
        "creationInfo": CREATION,
        "name": str(datasheet.get("name") or key),
        "software_packageVersion": str(datasheet.get("version") or "unversioned"),
        "software_downloadLocation": f"{base}#dataset-{key}",
        "software_primaryPurpose": "data",
        "releaseTime": released,
        "suppliedBy": ids["supplier"],
        "dataset_datasetType": ["noAssertion"],
    }
    texts = {
        "description": content.get("composition"),
        "dataset_dataCollectionProcess": content.get("collection"),
        "dataset_intendedUse": content.get("recommended_uses"),
    }
    element.update({name: text for name, text in texts.items() if isinstance(text, str) and text})
    lists = {
        "dataset_dataPreprocessing": content.get("preprocessing"),
        "dataset_knownBias": content.get("known_biases"),
    }
    element.update({name: [text] for name, text in lists.items() if isinstance(text, str) and text})
    return element
