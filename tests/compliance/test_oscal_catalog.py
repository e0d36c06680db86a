"""OSCAL catalogs in (issue 19, section 3): a 1.1 and a 1.2 catalog read through
trestle's models into a framework (groups not assessed; controls and enhancements as
the catalog labels them, with their statement's prose); bad files refused with the
JSON parser's line or trestle's reason."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from trestle.oscal import OSCAL_VERSION

from compliance.exchange.oscal_catalog import catalog_read
from compliance.models import Framework, Requirement
from compliance.rules.library import LibraryError
from compliance.services.imports import framework_import, framework_import_preview
from tests.compliance.fixtures.libraries import oscal_catalog


def test_trestle_writes_oscal_1_2():
    assert OSCAL_VERSION.startswith("1.2.")


@pytest.mark.parametrize("version", ["1.1.2", "1.1.3", OSCAL_VERSION])
def test_a_catalog_of_oscal_1_1_or_1_2_reads_into_a_framework(version):
    fw = catalog_read(oscal_catalog(version))
    assert (fw.key, fw.version, fw.name) == ("ai-controls-catalog", "2.0", "AI Controls Catalog")
    assert fw.source_ref == "0b6a0d53-6f2e-4d8c-9c1e-5b1d8a3f7e21"
    shown = [(r.ref_id, r.parent, r.assessable) for r in fw.requirements]
    # The withdrawn AI-2 is left out; tr-1 has no label: its id upper-cased names it.
    assert shown == [
        ("AI", None, False),
        ("AI-1", "AI", True),
        ("AI-1(1)", "AI-1", True),
        ("TR-1", None, True),
    ]


def test_the_description_is_the_statements_prose_with_its_items():
    by_ref = {r.ref_id: r for r in catalog_read(oscal_catalog()).requirements}
    assert by_ref["AI-1"].description == (
        "The organisation:\na. Writes an AI policy; and\nb. Reviews it yearly."
    )
    assert by_ref["AI-1"].title == "AI governance policy"
    assert by_ref["AI-1(1)"].description == "Name an owner."
    assert [i.as_dict() for i in by_ref["AI-1"].evidence] == [
        {"kind": "document", "detail": "ai-controls-catalog-ai-1", "label": "Evidence for AI-1"}
    ]
    assert by_ref["AI"].evidence == []


def test_invalid_json_names_its_line_and_column():
    text = oscal_catalog().replace('"title": "AI Governance",', '"title": "AI Governance"', 1)
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if '"AI Governance"' in t)
    with pytest.raises(LibraryError) as refused:
        catalog_read(text)
    assert refused.value.problems[0].startswith(f"line {line + 1} column ")


def test_trestle_refuses_a_catalog_without_a_uuid_with_pydantics_reason():
    raw = json.loads(oscal_catalog())
    del raw["catalog"]["uuid"]
    with pytest.raises(LibraryError) as refused:
        catalog_read(json.dumps(raw))
    assert refused.value.problems == ["catalog.uuid: Field required"]


def test_a_control_with_a_bad_id_is_refused_where_it_is():
    raw = json.loads(oscal_catalog())
    raw["catalog"]["controls"][0]["id"] = "has space"
    with pytest.raises(LibraryError) as refused:
        catalog_read(json.dumps(raw))
    assert refused.value.problems[0].startswith("catalog.controls[0].id: String should match")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"profile": {}}', "no top-level 'catalog'"),
        (oscal_catalog("1.0.0"), "oscal-version: 1.0.0 is not read here"),
        (oscal_catalog(groups=None, controls=None), "holds no group and no control"),
    ],
)
def test_what_is_not_a_catalog_we_read_is_refused(text, reason):
    with pytest.raises(LibraryError, match=reason):
        catalog_read(text)


@pytest.mark.django_db
def test_a_catalog_imports_as_a_framework_version(personas):
    preview = framework_import_preview(actor=personas.admin, text=oscal_catalog(), fmt="oscal")
    assert (preview.groups, preview.requirements, preview.problems) == (1, 3, [])
    imported = framework_import(
        actor=personas.admin, text=oscal_catalog(), fmt="oscal", reviewer_role="ciso"
    )
    fw = imported.framework
    assert (fw.source, fw.version, fw.reviewer_role) == ("oscal", "2.0", "ciso")
    child = Requirement.objects.get(framework=fw, ref_id="AI-1(1)")
    assert child.parent.ref_id == "AI-1" and child.depth == 3 and child.urn == "ai-1.1"


@pytest.mark.django_db
def test_a_bad_catalog_is_refused_on_file(personas):
    with pytest.raises(ValidationError) as refused:
        framework_import(actor=personas.admin, text='{"catalog": []}', fmt="oscal")
    assert refused.value.message_dict == {
        "file": ["catalog: the file is not an OSCAL catalog (no top-level 'catalog')"]
    }
    assert not Framework.objects.filter(source="oscal").exists()


@pytest.mark.django_db
def test_a_nul_character_escaped_in_the_file_is_taken_out(personas):
    text = oscal_catalog().replace('"title": "Policy owner"', '"title": "Policy\\u0000 owner"')
    assert "\\u0000" in text
    imported = framework_import(actor=personas.admin, text=text, fmt="oscal")
    assert imported.framework.requirements.get(ref_id="AI-1(1)").title == "Policy owner"
