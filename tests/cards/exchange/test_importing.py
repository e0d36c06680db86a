"""An uploaded model card: read when it is a CycloneDX ML-BOM or a Hugging Face README,
refused with its reason, quickly, when it is not (nothing half-imported)."""

from __future__ import annotations

import json
import time

import pytest

from cards.exchange.cyclonedx import card_to_cyclonedx
from cards.exchange.errors import ImportRefused
from cards.exchange.huggingface import card_to_huggingface
from cards.exchange.importing import card_import
from tests.cards.exchange.examples import CONTEXT, SCREENER
from tests.cards.exchange.test_huggingface import BILLION_LAUGHS

BOM = card_to_cyclonedx(SCREENER, **CONTEXT)


def test_a_bom_and_a_readme_each_become_the_card_they_hold():
    card, report = card_import(json.dumps(BOM).encode(), filename="screener.cdx.json")
    assert card == SCREENER and report.format == "cyclonedx"
    readme = card_to_huggingface(SCREENER, model_key="cv-ranker", version_number=3)
    card, report = card_import(readme.encode(), filename="README.md")
    assert card == SCREENER and report.format == "huggingface"


def test_the_datasets_with_a_datasheet_are_not_reported_missing():
    data = json.dumps(BOM).encode()
    _, report = card_import(data, filename="bom.json")
    assert "The dataset resumes-2019-2024 has no approved datasheet." in report.missing
    _, report = card_import(
        data, filename="bom.json", datasets_with_datasheet=frozenset({"resumes-2019-2024"})
    )
    assert not any("datasheet" in gap for gap in report.missing)


def _without_model_card_field():
    bom = json.loads(json.dumps(BOM))
    bom["components"][0]["modelCard"]["summary"] = "not in the schema"
    return json.dumps(bom).encode()


def _without_model():
    bom = json.loads(json.dumps(BOM))
    bom["components"] = bom["components"][1:]
    return json.dumps(bom).encode()


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b'{"bomFormat": "CycloneDX", "specVersion": ', "bom.json", "not valid JSON"),
        (_without_model_card_field(), "bom.json", "does not follow the CycloneDX 1.6 schema"),
        (b'{"bomFormat": "CycloneDX", "specVersion": "1.4"}', "bom.json", "CycloneDX 1.4"),
        (b'{"spdxVersion": "SPDX-2.3"}', "bom.json", "not a CycloneDX BOM"),
        (_without_model(), "bom.json", "no machine-learning-model component"),
        (BILLION_LAUGHS.encode(), "README.md", "anchors or aliases"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "card.png", "binary"),
        ("# Modèle".encode("latin-1"), "README.md", "not UTF-8"),
        (b"name,value\naccuracy,0.9\n", "metrics.csv", "neither a CycloneDX"),
        (b"[" * 100_000, "bom.json", "nested too deeply|not valid JSON"),
    ],
    ids=[
        "malformed-json",
        "schema-invalid",
        "old-cyclonedx",
        "not-cyclonedx",
        "no-model",
        "yaml-bomb",
        "binary",
        "not-utf8",
        "other-format",
        "deep-json",
    ],
)
def test_a_bad_file_is_refused_with_its_reason_in_under_a_second(data, filename, reason):
    started = time.monotonic()
    with pytest.raises(ImportRefused, match=reason):
        card_import(data, filename=filename)
    assert time.monotonic() - started < 1


def test_a_50_mb_file_is_refused_for_its_size_before_it_is_read():
    data = b'{"bomFormat": "CycloneDX", "x": "' + b"a" * (50 * 1024 * 1024) + b'"}'
    started = time.monotonic()
    with pytest.raises(ImportRefused, match="50.0 MB; a model card may be at most 5 MB"):
        card_import(data, filename="bom.json")
    assert time.monotonic() - started < 1


def test_an_sbom_of_thousands_of_libraries_is_read_for_its_model_quickly():
    """The schema check covers the components the card is read from; checked whole, its
    uniqueItems rule took 40 s on this 4 MB file."""
    bom = json.loads(json.dumps(BOM))
    bom["components"] += [
        {"type": "library", "bom-ref": f"lib-{n}", "name": f"lib-{n}", "description": "x" * 700}
        for n in range(5500)
    ]
    data = json.dumps(bom).encode()
    assert len(data) > 4_000_000
    started = time.monotonic()
    card, report = card_import(data, filename="sbom.json")
    assert time.monotonic() - started < 3
    assert card == SCREENER
    assert report.not_read == (
        "5500 library component(s) ('lib-0', 'lib-1', 'lib-2', ...): neither a model nor a dataset",
    )
