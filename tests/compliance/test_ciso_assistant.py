"""CISO Assistant libraries in (issue 19, section 3): their AI Act, NIST AI RMF and ISO
42001 libraries' shapes read into frameworks, mapping sets into crosswalks, bad files
refused with the line and the reason; the import through the service stores exactly
what the preview announced, for administrators only."""

from __future__ import annotations

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError

from compliance.exchange.ciso_assistant import KnownRequirement, library_read
from compliance.models import Framework, Requirement, RequirementMapping
from compliance.rules.library import LibraryError
from compliance.services.imports import framework_import, framework_import_preview
from core.models import AuditEvent
from tests.compliance.fixtures.libraries import (
    AI_ACT,
    NIST,
    ai_act_library,
    iso_library,
    library,
    nist_library,
)


def refs(data) -> dict:
    return {r.ref_id: r for r in data.requirements}


def test_the_ai_act_shape_reads_into_a_tree_named_by_ref_id_or_urn_tail():
    read = library_read(ai_act_library())
    fw = read.framework
    assert (fw.key, fw.version, fw.reviewer_role) == ("ai-act", "2", "legal")
    assert fw.source_ref == "urn:intuitem:risk:framework:ai-act"
    assert fw.publisher == "EU"
    by_ref = refs(fw)
    # Chapters and articles have no ref_id in their file: their urn's tail names them.
    assert by_ref["node324"].title == "Article 9" and not by_ref["node324"].assessable
    assert by_ref["node324"].parent == "node272"
    assert by_ref["9.2.a"].parent == "9.2" and by_ref["9.2"].parent == "node324"
    # A node without a name is titled by its description.
    assert by_ref["9.1"].title.startswith("Keep a risk management system")
    assert "Our note on 9.2.a." in by_ref["9.2.a"].description
    assert by_ref["node324"].evidence == []


def test_an_assessable_requirement_asks_for_one_document_labelled_by_typical_evidence():
    by_ref = refs(library_read(ai_act_library()).framework)
    [item] = by_ref["9.2.a"].evidence
    assert item.as_dict() == {
        "kind": "document",
        "detail": "ai-act-9-2-a",
        "label": "Risk assessment record",
    }
    [plain] = by_ref["9.1"].evidence
    assert plain.label == "Evidence for 9.1" and plain.detail == "ai-act-9-1"
    assert by_ref["node402"].evidence[0].label == "Evidence for node402"


def test_nist_and_iso_shapes_read_with_their_groups():
    nist = library_read(nist_library(), reviewer_role="ai_safety").framework
    assert nist.key == "nist-ai-rmf-1-0" and nist.reviewer_role == "ai_safety"
    assert [r.ref_id for r in nist.requirements if r.assessable] == ["GOVERN 1.1", "MAP 1.1"]
    iso = library_read(iso_library()).framework
    assert refs(iso)["A.2.2"].title == "AI policy" and refs(iso)["A.2.2"].parent == "A.2"


def test_a_mapping_set_becomes_a_crosswalk_without_not_related_and_unknown_frameworks():
    known = {
        f"{NIST}:govern-1.1": KnownRequirement("nist-ai-rmf-1-0", "1", "GOVERN 1.1"),
        f"{NIST}:map-1.1": KnownRequirement("nist-ai-rmf-1-0", "1", "MAP 1.1"),
    }
    read = library_read(iso_library(), known=known)
    [walk] = read.crosswalks
    assert walk.source == ("iso42001-2023", "1") and walk.target == ("nist-ai-rmf-1-0", "1")
    assert [(m.source_ref, m.target_ref, m.relationship) for m in walk.mappings] == [
        ("A.2.2", "GOVERN 1.1", "intersect")
    ]  # not_related is left out, and so is the mapping to a framework not in the library
    assert read.skipped == [
        "requirement_mapping_sets[0]: 1 mapping(s) left out: no requirement "
        "urn:intuitem:risk:req_node:scf:… is in the library"
    ]
    alone = library_read(iso_library())  # NIST not in the library: the whole set is left out
    assert alone.crosswalks == []
    assert [line.split("no requirement ")[1] for line in alone.skipped] == [
        "urn:intuitem:risk:req_node:nist-ai-rmf-1.0:… is in the library",
        "urn:intuitem:risk:req_node:scf:… is in the library",
    ]


def test_a_yaml_error_names_the_line():
    text = ai_act_library().replace("ref_id: '9.1'", "ref_id: [9.1", 1)
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if "[9.1" in t)
    with pytest.raises(LibraryError) as refused:
        library_read(text)
    # yaml marks where it found the problem: the next line, where the list never closed.
    assert refused.value.problems == [f"line {line + 1}: expected ',' or ']', but got ':'"]


def test_an_undefined_parent_names_the_node_its_urn_and_its_line():
    text = ai_act_library().replace(f"parent_urn: {AI_ACT}:9.2\n", f"parent_urn: {AI_ACT}:9.9\n")
    with pytest.raises(LibraryError) as refused:
        library_read(text)
    [problem] = refused.value.problems
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if f"urn: {AI_ACT}:9.2.a" in t)
    assert problem == (
        f"line {line}: requirement_nodes[4] (urn {AI_ACT}:9.2.a): "
        f"parent_urn {AI_ACT}:9.9 is not defined"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- just\n- a list\n", "not a CISO Assistant library"),
        ("urn: x\nref_id: x\nversion: 1\nobjects: {}\n", "objects.framework"),
        ("a: &x [1]\nb: *x\n", "anchors and aliases are not accepted"),
        (
            library("X", "X", [{"urn": "u:1", "assessable": True}]).replace("version: 1", ""),
            "version",
        ),
    ],
)
def test_files_that_are_no_library_are_refused_with_the_reason(text, reason):
    with pytest.raises(LibraryError) as refused:
        library_read(text)
    assert reason in str(refused.value)


def test_an_unknown_relationship_is_refused_on_its_line():
    text = iso_library().replace("relationship: intersect", "relationship: overlaps")
    with pytest.raises(LibraryError, match=r"line \d+: .*relationship 'overlaps' is not one of"):
        library_read(text)


# --- through the service ----------------------------------------------------------


@pytest.mark.django_db
def test_the_preview_lists_what_will_be_created_and_writes_nothing(personas):
    before = (Framework.objects.count(), AuditEvent.objects.count())
    preview = framework_import_preview(
        actor=personas.admin, text=ai_act_library(), fmt="ciso_assistant"
    )
    assert preview.ok
    assert (preview.key, preview.version, preview.name) == (
        "ai-act",
        "2",
        "EU Artificial Intelligence Act",
    )
    assert (preview.groups, preview.requirements) == (3, 4)
    assert (Framework.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_the_three_libraries_import_and_the_iso_mappings_become_a_crosswalk(personas):
    for text in (ai_act_library(), nist_library()):
        framework_import(actor=personas.admin, text=text, fmt="ciso_assistant")
    preview = framework_import_preview(
        actor=personas.admin, text=iso_library(), fmt="ciso_assistant"
    )
    assert preview.crosswalks == [
        {"source": "iso42001-2023 1", "target": "nist-ai-rmf-1-0 1", "mappings": 1}
    ]
    imported = framework_import(
        actor=personas.admin, text=iso_library(), fmt="ciso_assistant", reviewer_role="ciso"
    )
    iso = imported.framework
    assert (iso.source, iso.reviewer_role, iso.is_current) == ("ciso_assistant", "ciso", True)
    assert imported.mappings == 1 and len(imported.skipped) == 1
    [mapping] = RequirementMapping.objects.filter(source__framework=iso)
    assert (mapping.source.ref_id, mapping.target.ref_id, mapping.relationship) == (
        "A.2.2",
        "GOVERN 1.1",
        "intersect",
    )
    act = Framework.objects.get(key="ai-act")
    stored = Requirement.objects.get(framework=act, ref_id="9.2.a")
    assert stored.parent.ref_id == "9.2" and stored.urn == f"{AI_ACT}:9.2.a"
    assert stored.evidence[0]["label"] == "Risk assessment record"
    assert act.requirements.filter(assessable=True).count() == 4
    assert AuditEvent.objects.filter(action="framework.imported").count() >= 3
    assert AuditEvent.objects.filter(action="crosswalk.imported").exists()


@pytest.mark.django_db
def test_a_new_version_becomes_current_and_the_same_version_is_refused(personas):
    framework_import(actor=personas.admin, text=nist_library(), fmt="ciso_assistant")
    again = framework_import_preview(
        actor=personas.admin, text=nist_library(), fmt="ciso_assistant"
    )
    assert again.problems == ["NIST AI RMF 1.0 version 1 is already in the library"]
    with pytest.raises(ValidationError) as refused:
        framework_import(actor=personas.admin, text=nist_library(), fmt="ciso_assistant")
    assert "already in the library" in refused.value.message_dict["file"][0]
    newer = yaml.safe_load(nist_library())
    newer["version"] = 2
    preview = framework_import_preview(
        actor=personas.admin, text=yaml.safe_dump(newer), fmt="ciso_assistant"
    )
    assert preview.replaces == "1"
    framework_import(actor=personas.admin, text=yaml.safe_dump(newer), fmt="ciso_assistant")
    current = dict(
        Framework.objects.filter(key="nist-ai-rmf-1-0").values_list("version", "is_current")
    )
    assert current == {"1": False, "2": True}


@pytest.mark.django_db
def test_a_bad_file_is_refused_on_file_and_nothing_is_stored(personas):
    text = ai_act_library().replace(f"parent_urn: {AI_ACT}:9.2\n", f"parent_urn: {AI_ACT}:9.9\n")
    with pytest.raises(ValidationError) as refused:
        framework_import(actor=personas.admin, text=text, fmt="ciso_assistant")
    assert "parent_urn" in refused.value.message_dict["file"][0]
    assert not Framework.objects.filter(key="ai-act").exists()


@pytest.mark.django_db
def test_only_administrators_import(personas):
    for person in (personas.legal, personas.auditor, personas.owner):
        with pytest.raises(PermissionDenied):
            framework_import_preview(actor=person, text=nist_library(), fmt="ciso_assistant")
        with pytest.raises(PermissionDenied):
            framework_import(actor=person, text=nist_library(), fmt="ciso_assistant")
    assert not Framework.objects.filter(key="nist-ai-rmf-1-0").exists()


@pytest.mark.django_db
def test_a_mapping_urn_holding_a_nul_character_is_left_out_not_a_crash(personas):
    # YAML's "\0" escape in a double-quoted urn.
    urn = "urn:intuitem:risk:req_node:scf:x-1"
    text = iso_library().replace(urn, f'"{urn}\\0"')
    assert f'{urn}\\0"' in text
    preview = framework_import_preview(actor=personas.admin, text=text, fmt="ciso_assistant")
    assert preview.ok and len(preview.skipped) == 2


@pytest.mark.django_db
def test_an_imported_framework_may_be_scoped_to_a_regulation(personas):
    """An imported AI Act library applies only to the systems in the Act's scope, as the
    shipped one does; an unknown regulation is refused on its field."""
    with pytest.raises(ValidationError) as refused:
        framework_import(
            actor=personas.admin, text=ai_act_library(), fmt="ciso_assistant", scope="mars"
        )
    assert "scope" in refused.value.message_dict
    imported = framework_import(
        actor=personas.admin, text=ai_act_library(), fmt="ciso_assistant", scope="eu_ai_act"
    )
    assert Framework.objects.get(pk=imported.framework.pk).scope == "eu_ai_act"
