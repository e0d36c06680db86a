"""Annex VIII assembled from the records (pure, compliance.exchange.annex_viii): which
sections concern a system, the items of each with their values, the gaps named, and the
items that do not apply with the reason."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.exchange.annex_records import OrganisationRecord, ScreeningRecord
from compliance.exchange.annex_viii import (
    NotConcerned,
    annex_viii,
    art_6_3_conditions,
)
from tests.compliance.annex_setup import (
    ORGANISATION,
    card_record,
    document,
    records,
    system_record,
)


def items(doc) -> dict:
    return {item.number: item for section in doc.sections for item in section.items}


def test_section_a_has_the_13_items_and_names_what_is_missing():
    doc = annex_viii(records(cards=[card_record()]))
    assert [s.letter for s in doc.sections] == ["A"]
    found = items(doc)
    assert list(found) == [f"A.{n}" for n in range(1, 14)]
    assert found["A.1"].status == "filled"
    assert "Example Marketplace GmbH" in found["A.1"].value
    assert "support@example.com" in found["A.1"].value
    assert found["A.3"].status == "not_applicable"  # established in DE
    assert "SYS-001" in found["A.4"].value and "v1" in found["A.4"].value
    assert found["A.5"].value.startswith("Rank job applications")
    assert "gradient-boosted trees" in found["A.6"].value
    assert found["A.7"].value.startswith("In service")
    # Employment: internal control, no notified body (Art. 43(2)).
    assert found["A.8"].status == found["A.9"].status == "not_applicable"
    assert found["A.13"].status == "optional"
    gaps = {item.number: item.note for item in doc.gaps}
    assert set(gaps) == {"A.10", "A.11", "A.12"}
    assert "No current EU declaration of conformity is filed" in gaps["A.11"]
    assert "/compliance/systems/SYS-001/documents/" in gaps["A.11"]
    assert doc.as_dict()["gaps"][0] == {
        "item": "A.10",
        "label": "Member States where it is placed on the market, put into service or available",
        "missing": "Not held in the portal: enter the Member States in the EU database's form.",
    }


def test_filed_documents_fill_their_items_and_cite_the_file():
    evidence = {
        **document("eu-declaration-of-conformity", "7"),
        **document("instructions-for-use", "8"),
    }
    doc = annex_viii(records(cards=[card_record()], evidence=evidence))
    found = items(doc)
    assert found["A.11"].status == "filled"
    [source] = found["A.11"].sources
    assert (source.record_type, source.record_id, source.version) == (
        "compliance.compliancedocument",
        "7",
        "sha-7",
    )
    assert [item.number for item in doc.gaps] == ["A.10"]


def test_an_expired_document_is_a_gap_that_says_why():
    evidence = document("eu-declaration-of-conformity", "7", current=False, why="expired on 1 Dec")
    doc = annex_viii(records(evidence=evidence))
    assert "(eu-declaration-of-conformity: expired on 1 Dec)" in items(doc)["A.11"].note


def test_a_missing_profile_item_and_no_card_are_named():
    organisation = replace(ORGANISATION, address="", establishment_country="")
    system = system_record(intended_uses="")
    doc = annex_viii(records(system, organisation=organisation))
    found = items(doc)
    assert found["A.1"].status == "gap" and "registered address" in found["A.1"].note
    assert found["A.3"].status == "gap" and "country of establishment" in found["A.3"].note
    assert found["A.5"].status == "gap" and "No intended uses" in found["A.5"].note
    assert found["A.6"].status == "gap" and "technical section" in found["A.6"].note


def test_a_provider_outside_the_union_needs_an_authorised_representative():
    doc = annex_viii(records(organisation=replace(ORGANISATION, establishment_country="US")))
    item = items(doc)["A.3"]
    assert item.status == "gap" and "outside the Union (US)" in item.note


def test_biometrics_needs_the_notified_body_certificate_and_no_public_instructions():
    doc = annex_viii(records(system_record(annex_area="biometrics")))
    found = items(doc)
    assert found["A.8"].status == "gap" and found["A.9"].status == "gap"
    assert found["A.12"].status == "not_applicable"


def test_section_b_for_an_annex_iii_system_concluded_not_high_risk():
    rationale = "Only sorts CVs into folders: Art. 6(3)(a), a narrow procedural task."
    screening = ScreeningRecord(4, "minimal", "employment", False, rationale, "2 Dec 2026")
    doc = annex_viii(records(system_record(ai_act_category="minimal"), screening=screening))
    assert [s.letter for s in doc.sections] == ["B"]
    found = items(doc)
    assert list(found) == [f"B.{n}" for n in range(1, 10)]
    assert found["B.6"].value == "Art. 6(3)(a): performs a narrow procedural task"
    assert found["B.7"].value == rationale
    assert found["B.6"].sources[0].record_type == "registry.aiactscreening"


def test_section_b_names_a_missing_condition():
    screening = ScreeningRecord(4, "limited", "education", False, "Low stakes.", "2 Dec 2026")
    doc = annex_viii(records(system_record(ai_act_category="limited"), screening=screening))
    assert items(doc)["B.6"].status == "gap"
    assert "names no Art. 6(3) condition" in items(doc)["B.6"].note


def test_section_c_for_a_public_authority_deployer():
    screening = ScreeningRecord(5, "high_risk", "essential_services", True, "Benefits.", "d")
    system = system_record(ai_act_role="deployer", eu_database_number="EU-HR-000123")
    evidence = document("fundamental-rights-impact-assessment", "9")
    doc = annex_viii(records(system, screening=screening, evidence=evidence))
    assert [s.letter for s in doc.sections] == ["C"]
    found = items(doc)
    assert list(found) == [f"C.{n}" for n in range(1, 6)]
    assert found["C.3"].value == "EU database entry EU-HR-000123"
    assert found["C.4"].status == "filled"
    assert found["C.5"].status == "gap"  # personal data: the DPIA is needed


def test_provider_and_public_authority_deployer_get_sections_a_and_c():
    screening = ScreeningRecord(5, "high_risk", "employment", True, "Hiring.", "d")
    doc = annex_viii(records(system_record(ai_act_role="both"), screening=screening))
    assert [s.letter for s in doc.sections] == ["A", "C"]


@pytest.mark.parametrize(
    ("fields", "screening", "words"),
    [
        ({"ai_act_category": "unassessed"}, None, "no EU AI Act screening yet"),
        ({"ai_act_category": "prohibited"}, None, "screened prohibited"),
        ({"ai_act_role": "deployer"}, None, "the provider registers it"),
        (
            {"ai_act_category": "minimal"},
            ScreeningRecord(1, "minimal", "", False, "Internal helper.", "d"),
            "names no Annex III area",
        ),
    ],
)
def test_a_system_the_annex_does_not_concern_is_refused_with_the_reason(fields, screening, words):
    with pytest.raises(NotConcerned, match=words):
        annex_viii(records(system_record(**fields), screening=screening))


def test_the_organisation_profile_without_name_is_a_gap_of_the_submitter():
    doc = annex_viii(records(organisation=OrganisationRecord()))
    assert items(doc)["A.2"].status == "gap"


@given(st.sampled_from("abcd"), st.text(max_size=40))
def test_a_condition_named_by_reference_is_found_whatever_surrounds_it(letter, noise):
    assert letter in art_6_3_conditions(f"{noise} relies on Art. 6(3)({letter}) {noise}")
