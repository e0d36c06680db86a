"""Model cards as CycloneDX 1.6 ML-BOMs: valid against the official schema, and export
then import gives the same card, for the worked example and for generated cards."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings

from cards.exchange.cyclonedx import card_to_cyclonedx, cyclonedx_to_card
from cards.exchange.errors import ImportRefused
from tests.cards.exchange.examples import CONTEXT, CREATED, DATASHEETS, SCREENER
from tests.cards.exchange.schemas import cyclonedx_problem
from tests.cards.strategies import cards


def _export(card):
    return card_to_cyclonedx(card, **CONTEXT, datasheets=DATASHEETS, created=CREATED)


def _model(bom):
    return next(c for c in bom["components"] if c["type"] == "machine-learning-model")


def test_the_screener_bom_is_valid_cyclonedx_1_6_and_says_what_the_card_says():
    bom = _export(SCREENER)
    assert cyclonedx_problem(bom) is None
    model = _model(bom)
    assert (model["name"], model["version"]) == ("CV ranker", "3.0")
    card = model["modelCard"]
    metrics = card["quantitativeAnalysis"]["performanceMetrics"]
    assert metrics[1] == {
        "type": "accuracy",
        "value": "91.0",
        "slice": "age 60+",
        "confidenceInterval": {"lowerBound": "89.2", "upperBound": "92.6"},
    }
    assert card["modelParameters"]["datasets"] == [{"ref": "dataset:resumes-2019-2024"}]
    considerations = card["considerations"]
    assert considerations["ethicalConsiderations"] == [
        {
            "name": "Lower accuracy for applicants over 60.",
            "mitigationStrategy": "A recruiter reads every application; quarterly bias review.",
        }
    ]
    # The group whose accuracy misses its threshold is named as at risk.
    assert [f["groupAtRisk"] for f in considerations["fairnessAssessments"]] == ["age 60+"]
    energy = considerations["environmentalConsiderations"]["energyConsumptions"][0]
    assert energy["activityEnergyCost"] == {"value": 12.5, "unit": "kWh"}
    properties = {(p["name"], p["value"]) for p in model["properties"]}
    assert ("aigov:card:performance.metrics[1].threshold", "92.0") in properties
    assert ("aigov:card:performance.metrics[1].direction", "at_least") in properties
    assert ("aigov:card:governance.regulations", "GDPR") in properties
    data = next(c for c in bom["components"] if c["type"] == "data")
    assert data["name"] == "Résumés 2019-2024" and data["version"] == "2"


def test_the_screener_comes_back_the_same_with_nothing_left_unread():
    card, report = cyclonedx_to_card(_export(SCREENER))
    assert card == SCREENER
    assert report.not_read == ()
    assert "performance.metrics" in report.read
    assert "accuracy for age 60+ is 91%, below its threshold of at least 92%" in report.missing


@settings(max_examples=150)
@given(cards())
def test_any_card_exports_to_a_valid_bom_and_imports_back_the_same(card):
    bom = _export(card)
    assert cyclonedx_problem(bom) is None
    assert cyclonedx_to_card(bom)[0] == card


def test_the_schema_check_can_fail():
    bom = _export(SCREENER)
    _model(bom)["modelCard"]["notes"] = "not a modelCard field"
    assert "notes" in cyclonedx_problem(bom)


def test_a_bom_from_another_tool_is_read_for_what_its_model_card_holds():
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "components": [
            {"type": "library", "name": "scikit-learn", "version": "1.6"},
            {"type": "data", "bom-ref": "d1", "name": "Loan book 2020"},
            {
                "type": "machine-learning-model",
                "name": "churn",
                "version": "2",
                "licenses": [{"license": {"id": "Apache-2.0"}}],
                "modelCard": {
                    "modelParameters": {
                        "task": "classification",
                        "architectureFamily": "random forest",
                        "datasets": [{"ref": "d1"}],
                    },
                    "quantitativeAnalysis": {
                        "performanceMetrics": [
                            {"type": "AUC", "value": "0.81", "slice": "new customers"},
                            {"type": "recall", "value": "high"},
                        ]
                    },
                    "considerations": {
                        "useCases": ["Retention offers", "Churn forecasts"],
                        "ethicalConsiderations": [
                            {"name": "Older customers", "mitigationStrategy": "Manual review"}
                        ],
                        "fairnessAssessments": [
                            {"groupAtRisk": "students", "harms": "fewer offers"}
                        ],
                        "environmentalConsiderations": {
                            "energyConsumptions": [
                                {
                                    "activity": "training",
                                    "energyProviders": [],
                                    "activityEnergyCost": {"value": 4, "unit": "kWh"},
                                    "co2CostEquivalent": {"value": 0.002, "unit": "tCO2eq"},
                                }
                            ]
                        },
                    },
                },
            },
        ],
    }
    assert cyclonedx_problem(bom) is None
    card, report = cyclonedx_to_card(bom)
    assert card.identity.name == "churn" and card.identity.licence == "Apache-2.0"
    assert card.technical.model_type == "random forest"
    assert card.technical.training_datasets == ("loan-book-2020",)
    assert [(m.name, m.value, m.group) for m in card.performance.metrics] == [
        ("AUC", 0.81, "new customers")
    ]
    assert card.uses.intended_uses == "Retention offers\n\nChurn forecasts"
    assert card.considerations.identified_biases == "Older customers"
    assert card.considerations.mitigations == "Manual review"
    assert card.considerations.fairness_evaluation == "students: harms: fewer offers"
    assert card.environment.energy_kwh == 4 and card.environment.co2e_kg == pytest.approx(2)
    unread = "\n".join(report.not_read)
    assert "1 library component(s) ('scikit-learn')" in unread and "modelParameters.task" in unread
    assert "performanceMetrics[1]" in unread and "read as training data" in unread


def test_a_bom_without_a_model_is_refused():
    bom = copy.deepcopy(_export(SCREENER))
    bom["components"] = [c for c in bom["components"] if c["type"] != "machine-learning-model"]
    with pytest.raises(ImportRefused, match="no machine-learning-model component"):
        cyclonedx_to_card(bom)
