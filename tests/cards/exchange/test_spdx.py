"""Model cards as SPDX 3.0.1 documents: the SPDX model reads every export back, and the
AI profile's required fields and licence relationships are there."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings

from cards.exchange.spdx import card_to_spdx
from tests.cards.exchange.examples import CONTEXT, CREATED, DATASHEETS, SCREENER
from tests.cards.exchange.schemas import AI_PACKAGE_REQUIRED, spdx_objects
from tests.cards.strategies import cards


def _export(card):
    return card_to_spdx(card, **CONTEXT, created=CREATED, datasheets=DATASHEETS)


def _of_type(document, kind):
    return [element for element in document["@graph"] if element["type"] == kind]


def test_the_screener_is_an_ai_package_with_its_dataset_and_licences():
    document = _export(SCREENER)
    model, objects = spdx_objects(document)
    [package] = objects.foreach_type(model.ai_AIPackage)
    assert package.name == "CV ranker" and package.software_packageVersion == "3.0"
    assert all(getattr(package, name) for name in AI_PACKAGE_REQUIRED)
    assert package.ai_safetyRiskAssessment.endswith("/high")
    assert package.ai_autonomyType.endswith("/no")  # full human oversight
    assert list(package.ai_standardCompliance) == ["EU AI Act", "GDPR"]
    # The datasheet says personal data but no special categories: SPDX is not told "yes".
    assert package.ai_useSensitivePersonalInformation.endswith("/noAssertion")
    thresholds = {entry.key: entry.value for entry in package.ai_metricDecisionThreshold}
    assert thresholds["accuracy [age 60+]"] == "at least 92.0%"
    assert {e.key: e.value for e in package.ai_metric}["false positive rate [women]"] == "0.04"
    [dataset] = objects.foreach_type(model.dataset_DatasetPackage)
    assert dataset.name == "Résumés 2019-2024"
    assert list(dataset.dataset_knownBias) == ["Few applicants over 60."]
    kinds = {r["relationshipType"] for r in _of_type(document, "Relationship")}
    assert kinds == {"hasDeclaredLicense", "hasConcludedLicense", "trainedOn", "testedOn"}
    [licence] = _of_type(document, "simplelicensing_LicenseExpression")
    assert licence["simplelicensing_licenseExpression"] == "Proprietary"


@settings(max_examples=60)
@given(cards())
def test_any_card_gives_a_document_the_spdx_model_reads(card):
    model, objects = spdx_objects(_export(card))
    [package] = objects.foreach_type(model.ai_AIPackage)
    assert all(getattr(package, name) for name in AI_PACKAGE_REQUIRED)
    keys = set(card.technical.training_datasets) | set(card.technical.evaluation_datasets)
    assert len(list(objects.foreach_type(model.dataset_DatasetPackage))) == len(keys)


def test_special_categories_in_a_datasheet_mean_sensitive_personal_information():
    sheet = DATASHEETS["resumes-2019-2024"]
    sensitive = {"resumes-2019-2024": {**sheet, "content": {"special_categories": ["health"]}}}
    document = card_to_spdx(SCREENER, **CONTEXT, created=CREATED, datasheets=sensitive)
    [package] = _of_type(document, "ai_AIPackage")
    assert package["ai_useSensitivePersonalInformation"] == "yes"
    spdx_objects(document)


def test_the_spdx_check_can_fail():
    document = copy.deepcopy(_export(SCREENER))
    _of_type(document, "ai_AIPackage")[0]["ai_autonomyType"] = "sometimes"
    with pytest.raises(Exception, match="sometimes"):
        spdx_objects(document)
