"""The demo's model cards and datasheets (issue 18), written through the cards services:

- two datasets with approved datasheets (the resumes of the hiring screener, the churn
  events of churn prediction), approved by the DPO;
- SYS-001, the hiring screener's ranker: v1 and v2 approved by the AI safety lead, v3
  in review with a gap (accuracy for applicants aged 60+ below its threshold); v2 is the
  "model card (final)" of the open pre-deployment request;
- SYS-007, churn prediction's model: a complete card, v1 approved;
- SYS-002, the billing chatbot's intent classifier: a draft imported from a Hugging Face
  README (cards.exchange.importing), the import's report in its changelog.

Idempotent: a system with a model already is left alone, a dataset that exists too.
"""

from __future__ import annotations

from cards.exchange.importing import card_import
from cards.models import AIModel, Dataset, ModelCard
from cards.rules.content import (
    AT_LEAST,
    Card,
    Considerations,
    Environment,
    Governance,
    Identity,
    Metric,
    Performance,
    Technical,
    Uses,
    card_to_dict,
)
from cards.rules.datasheet import Datasheet, datasheet_to_dict
from cards.services.ai_models import model_create
from cards.services.approval import card_version_approve
from cards.services.card_versions import (
    card_version_draft_start,
    card_version_submit,
    card_version_update,
)
from cards.services.datasets import (
    dataset_create,
    datasheet_version_approve,
    datasheet_version_draft_start,
    datasheet_version_update,
)
from core.models import Team, User
from registry import services as registry_services
from registry.models import AISystem

RESUMES, CHURN = "resumes-2019-2024", "churn-events-2023-2025"
SAFETY, DPO = "safety@example.com", "dpo@example.com"


def person(email: str) -> User:
    return User.objects.get(email=email)


def ensure_model_cards() -> int:
    """Write what is missing; returns how many systems got their cards."""
    _ensure_datasets()
    written = 0
    for system_id, write in (
        ("SYS-001", _hiring_screener),
        ("SYS-007", _churn_model),
        ("SYS-002", _imported_intent_classifier),
    ):
        system = AISystem.objects.filter(system_id=system_id).first()
        if system is not None and not AIModel.objects.filter(system=system).exists():
            write(system)
            written += 1
    return written


# --- datasets ----------------------------------------------------------------------

DATASHEETS = {
    RESUMES: (
        "Resumes 2019-2024",
        "People Ops",
        "owner@example.com",
        Datasheet(
            motivation="Rank graduate applications for a recruiter to read first.",
            composition="48,000 applications with the recruiter's shortlist decision.",
            collection="Exported from the applicant tracking system, with consent notices.",
            preprocessing="Names, photos and addresses removed; dates of birth bucketed.",
            labelling="Shortlisted or not, by the recruiter who read the application.",
            distribution="Internal only; never leaves the People Ops data space.",
            maintenance="Refreshed yearly by People Ops analytics.",
            recommended_uses="Training and evaluating the resume ranker.",
            size="48,000 applications",
            time_span="2019-2024",
            personal_data=True,
            known_biases="Fewer applications from people over 60 (3%).",
            provenance="Applicant tracking system exports, 2019-2024.",
            licence="Internal",
        ),
    ),
    CHURN: (
        "Churn events 2023-2025",
        "Customer Success",
        "owner2@example.com",
        Datasheet(
            motivation="Predict which subscribers may cancel, for retention calls.",
            composition="1.2 million subscriber-months with usage and billing features.",
            collection="Nightly snapshots of the billing and product analytics stores.",
            preprocessing="Aggregated per subscriber and month; identifiers hashed.",
            labelling="Cancelled within 60 days or not, from billing events.",
            distribution="Internal only.",
            maintenance="Rebuilt monthly by the data platform.",
            recommended_uses="Training and evaluating the churn model.",
            size="1.2 million rows",
            time_span="2023-2025",
            personal_data=True,
            provenance="Billing and product analytics warehouses.",
            licence="Internal",
        ),
    ),
}


def _ensure_datasets() -> None:
    for key, (name, team, writer_email, sheet) in DATASHEETS.items():
        if Dataset.objects.filter(key=key).exists():
            continue
        writer = person(writer_email)
        dataset = dataset_create(
            actor=writer, key=key, name=name, owner_team=Team.objects.get(name=team)
        )
        version = datasheet_version_draft_start(actor=writer, dataset=dataset)
        datasheet_version_update(actor=writer, version=version, content=datasheet_to_dict(sheet))
        datasheet_version_approve(actor=person(DPO), version=version)


# --- cards ---------------------------------------------------------------------------


def _version(card: ModelCard, writer: User, content: Card, changelog: str, approve: bool):
    version = card_version_draft_start(actor=writer, card=card)
    card_version_update(
        actor=writer, version=version, content=card_to_dict(content), changelog=changelog
    )
    card_version_submit(actor=writer, version=version)
    if approve:
        card_version_approve(actor=person(SAFETY), version=version, note="Reviewed for the gate.")
    return version


def _screener_card(version: str, age_60_accuracy: float) -> Card:
    return Card(
        identity=Identity(
            model_id="resume-ranker",
            name="Resume ranker",
            version=version,
            authors=("People Ops analytics",),
            organisation="Demo Corp",
        ),
        uses=Uses(
            intended_uses="Order graduate applications so that a recruiter reads the "
            "likeliest matches first; every application is still read.",
            intended_users="Recruiters of the graduate programme.",
            out_of_scope_uses="Experienced hires; internal moves.",
            prohibited_uses="Rejecting an application without a recruiter reading it.",
        ),
        performance=Performance(
            metrics=(
                Metric(name="accuracy", value=0.93, unit="", threshold=0.92, direction=AT_LEAST),
                Metric(
                    name="accuracy",
                    value=0.94,
                    group="age under 40",
                    threshold=0.92,
                    direction=AT_LEAST,
                ),
                Metric(
                    name="accuracy",
                    value=age_60_accuracy,
                    group="age 60+",
                    threshold=0.92,
                    direction=AT_LEAST,
                ),
            ),
            caveats="Few applicants over 60 in the evaluation set (3%).",
        ),
        technical=Technical(
            model_type="gradient-boosted trees",
            training_data_description="Five years of graduate applications.",
            training_datasets=(RESUMES,),
            evaluation_datasets=(RESUMES,),
        ),
        considerations=Considerations(
            limitations="Reads English and German resumes only.",
            failure_modes="Non-standard layouts (tables, two columns) are misread.",
            identified_biases="Shorter careers ranked lower; watched by age band.",
            mitigations="A recruiter reads every application; quarterly bias checks.",
        ),
        environment=Environment(energy_kwh=42.0, compute="8 CPU hours per retraining"),
        governance=Governance(
            risk_tier="high",
            oversight_level="partial",
            approvers=("AI safety lead",),
            incident_contact="people-ops-ai@example.com",
            regulations=("EU AI Act", "GDPR", "EEOC"),
        ),
    )


def _hiring_screener(system: AISystem) -> None:
    owner = person("owner@example.com")
    model = model_create(actor=owner, system=system, key="resume-ranker", name="Resume ranker")
    card = ModelCard.objects.get(model=model)
    _version(card, owner, _screener_card("1.0", 0.925), "First version.", approve=True)
    v2 = _version(card, owner, _screener_card("2.0", 0.93), "Retrained on 2024 applications.", True)
    _cite_in_open_request(system, owner, v2)
    _version(
        card,
        owner,
        _screener_card("3.0", 0.91),
        "Retrained with the 2025 spring intake; new layout parser.",
        approve=False,
    )


def _cite_in_open_request(system: AISystem, owner: User, version) -> None:
    """The open pre-deployment request's "model card (final)" becomes the approved v2."""
    request = system.gate_requests.filter(status__in=("draft", "open")).first()
    asks = request and any(a["key"] == "model-card-final" for a in request.gate.artifacts)
    if not asks:
        return
    registry_services.gate_artifact_add(
        actor=owner,
        request=request,
        requirement="model-card-final",
        record_type="model_card_version",
        record_id=version.pk,
    )


def _churn_model(system: AISystem) -> None:
    owner = person("owner2@example.com")
    model = model_create(actor=owner, system=system, key="churn-gbm", name="Churn model")
    card = Card(
        identity=Identity(model_id="churn-gbm", name="Churn model", version="1.0"),
        uses=Uses(
            intended_uses="Rank subscribers by their risk of cancelling, for retention calls.",
            prohibited_uses="Changing a subscriber's price or terms.",
        ),
        performance=Performance(
            metrics=(
                Metric(name="AUC", value=0.86, threshold=0.8, direction=AT_LEAST),
                Metric(
                    name="AUC",
                    value=0.84,
                    group="new subscribers",
                    threshold=0.8,
                    direction=AT_LEAST,
                ),
                Metric(
                    name="AUC",
                    value=0.87,
                    group="long-standing subscribers",
                    threshold=0.8,
                    direction=AT_LEAST,
                ),
            ),
        ),
        technical=Technical(
            model_type="gradient-boosted trees",
            training_datasets=(CHURN,),
            evaluation_datasets=(CHURN,),
        ),
        considerations=Considerations(
            limitations="Monthly features: sudden changes show a month late.",
            failure_modes="Scores drift after a price change.",
            identified_biases="None found across tenure and region.",
            mitigations="Calls only; nobody's contract changes on a score.",
        ),
        governance=Governance(
            risk_tier="medium",
            approvers=("AI safety lead",),
            incident_contact="cs-ai@example.com",
            review_months=6,
        ),
    )
    _version(ModelCard.objects.get(model=model), owner, card, "First version.", approve=True)


INTENT_README = """---
license: apache-2.0
base_model: distilbert-base-multilingual-cased
datasets:
- billing-intents-2025
metrics:
- accuracy
model-index:
- name: billing-intent-classifier
  results:
  - task: {type: text-classification}
    dataset: {name: billing-intents-2025, type: billing-intents-2025}
    metrics:
    - {type: accuracy, value: 0.91}
---

# Billing intent classifier

## Intended use
Route a customer's billing question to the right answer flow of the chatbot.

## Out-of-scope use
Deciding refunds or changing a customer's contract.

## Training data
180,000 anonymised chat openings labelled with 24 billing intents.

## Bias, Risks, and Limitations
German and English only; rare intents are confused with "other".
"""


def _imported_intent_classifier(system: AISystem) -> None:
    owner = person("owner2@example.com")
    model = model_create(
        actor=owner, system=system, key="billing-intent", name="Billing intent classifier"
    )
    card, _report = card_import(INTENT_README.encode(), filename="README.md")
    version = card_version_draft_start(actor=owner, card=ModelCard.objects.get(model=model))
    card_version_update(
        actor=owner,
        version=version,
        content=card_to_dict(card),
        changelog="Imported from the Hugging Face README of the fine-tune.",
    )
