"""The shipped framework library (compliance/data/, issue 19): every file reads, every
reference in it points at something that exists, and the frameworks hold exactly what
DOMAIN.md section 3 lists. Plain file checks, no database: a typo in a file fails here
before any loader or page sees it."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest
import yaml
from django.utils.text import slugify

from cards.rules.content import SECTIONS
from core.choices import Role

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "compliance" / "data"
FRAMEWORK_FILES = sorted((DATA / "frameworks").glob("*.yaml"))
CROSSWALK_FILES = sorted((DATA / "crosswalks").glob("*.yaml"))

# The evidence kinds agreed for issue 19 ({kind: takes a detail}); core.evidence_kinds is
# where the owning apps register them at run time.
KINDS = {
    "control": True,
    "gate_passed": True,
    "gate_artifact": True,
    "classification": False,
    "ai_act_screening": False,
    "model_card": None,  # optional: the whole card, a section or "section.field"
    "datasheet": False,
    "risk_register": False,
    "incident_log": False,
    "art73_report": False,
    "vendor_assessment": False,
    "document": True,
    "red_team_report": False,  # issue 20: assurance's latest completed exercise
}
TIERS = {"critical", "high", "medium", "low"}
CATEGORIES = {"prohibited", "high_risk", "limited", "minimal"}
ROLES = {"provider", "deployer"}
REQUIREMENT_FIELDS = {
    "ref_id",
    "title",
    "description",
    "parent",
    "assessable",
    "applies",
    "evidence",
}
RELATIONSHIPS = {"equal", "subset", "superset", "intersect"}

EU_AI_ACT_ARTICLES = [
    f"Art. {n}" for n in (5, 6, 9, 10, 11, 12, 13, 14, 15, 17, 26, 27, 43, 47, 49, 50, 72, 73)
]
ISO_CONTROLS = (
    ["A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3"]
    + [f"A.4.{n}" for n in range(2, 7)]
    + [f"A.5.{n}" for n in range(2, 6)]
    + ["A.6.1.2", "A.6.1.3"]
    + [f"A.6.2.{n}" for n in range(2, 9)]
    + [f"A.7.{n}" for n in range(2, 7)]
    + [f"A.8.{n}" for n in range(2, 6)]
    + [f"A.9.{n}" for n in range(2, 5)]
    + [f"A.10.{n}" for n in range(2, 5)]
)
GDPR_ARTICLES = [f"Art. {n}" for n in (5, 25, 28, 30, 32, 33, 34, 35)]


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def frameworks() -> dict[str, dict]:
    return {path.stem: _read(path) for path in FRAMEWORK_FILES}


def requirements(key: str) -> dict[str, dict]:
    return {r["ref_id"]: r for r in frameworks()[key]["requirements"]}


def assessable(key: str) -> list[str]:
    return [r["ref_id"] for r in frameworks()[key]["requirements"] if r["assessable"]]


def all_items():
    for key, framework in frameworks().items():
        for req in framework["requirements"]:
            for item in req.get("evidence", []):
                yield f"{key} {req['ref_id']}", item


@cache
def document_types() -> dict[str, dict]:
    return {t["key"]: t for t in _read(DATA / "document_types.yaml")["types"]}


def known_details() -> dict[str, set[str]]:
    """What the registry and the cards ship, as their files and rules name it."""
    registry = ROOT / "registry" / "data"
    controls = _read(registry / "controls.yaml")["tiers"]
    gates = _read(registry / "gates.yaml")["gates"]
    card = set(SECTIONS)
    for name, section in SECTIONS.items():
        card |= {f"{name}.{f.name}" for f in dataclasses.fields(section)}
    return {
        "control": {slugify(name) for names in controls.values() for name in names},
        "gate_passed": {gate["slug"] for gate in gates},
        "gate_artifact": {a["key"] for gate in gates for a in gate["artifacts"]},
        "model_card": card,
        "document": set(document_types()),
    }


def test_the_four_frameworks_ship_and_each_says_who_reviews():
    assert set(frameworks()) == {"eu-ai-act", "nist-ai-rmf", "iso-42001", "gdpr"}
    reviewers = {key: f["reviewer_role"] for key, f in frameworks().items()}
    assert reviewers == {
        "eu-ai-act": "legal",
        "gdpr": "legal",
        "iso-42001": "ciso",
        "nist-ai-rmf": "ai_safety",
    }
    assert set(reviewers.values()) <= set(Role.values)
    for stem, framework in frameworks().items():
        assert framework["key"] == stem  # the file is named after its key
        for field in ("version", "name", "full_name", "publisher", "source_url", "description"):
            assert isinstance(framework[field], str) and framework[field].strip(), (stem, field)
        assert framework["source_url"].startswith("https://")
    pairs = [(f["key"], f["version"]) for f in frameworks().values()]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize("key", ["eu-ai-act", "nist-ai-rmf", "iso-42001", "gdpr"])
def test_ref_ids_are_unique_and_every_parent_exists(key):
    ref_ids = [r["ref_id"] for r in frameworks()[key]["requirements"]]
    assert len(ref_ids) == len(set(ref_ids)), [r for r in ref_ids if ref_ids.count(r) > 1]
    for req in frameworks()[key]["requirements"]:
        parent = req.get("parent")
        if parent is not None:
            assert parent in ref_ids, (req["ref_id"], parent)
            assert not requirements(key)[parent]["assessable"], "a parent is a group"


@pytest.mark.parametrize("key", ["eu-ai-act", "nist-ai-rmf", "iso-42001", "gdpr"])
def test_assessable_nodes_ask_for_evidence_and_groups_ask_for_none(key):
    for req in frameworks()[key]["requirements"]:
        # An unquoted comma in a one-line {...} mapping splits a text into a stray key.
        assert set(req) <= REQUIREMENT_FIELDS, (req["ref_id"], set(req) - REQUIREMENT_FIELDS)
        assert isinstance(req["assessable"], bool), req["ref_id"]
        assert req["title"].strip() and req["description"].strip(), req["ref_id"]
        if req["assessable"]:
            assert req.get("evidence"), f"{req['ref_id']} asks for no evidence"
        else:
            assert not req.get("evidence"), f"group {req['ref_id']} asks for evidence"
            assert not req.get("applies"), f"group {req['ref_id']} has applicability"


def test_eu_ai_act_holds_exactly_the_shipped_articles():
    assert assessable("eu-ai-act") == EU_AI_ACT_ARTICLES


def test_nist_ai_rmf_holds_all_72_subcategories_under_their_categories():
    ids = assessable("nist-ai-rmf")
    assert len(ids) == 72
    by_function = {
        f: [i for i in ids if i.split()[0] == f] for f in ("GOVERN", "MAP", "MEASURE", "MANAGE")
    }
    assert {f: len(v) for f, v in by_function.items()} == {
        "GOVERN": 19,
        "MAP": 18,
        "MEASURE": 22,
        "MANAGE": 13,
    }
    reqs = requirements("nist-ai-rmf")
    for ref_id in ids:  # "MEASURE 2.5" sits under "MEASURE 2", under "MEASURE"
        category = ref_id.split(".")[0]
        assert reqs[ref_id]["parent"] == category
        assert reqs[category]["parent"] == ref_id.split()[0]


def test_iso_42001_holds_exactly_the_38_annex_a_controls():
    assert assessable("iso-42001") == ISO_CONTROLS
    assert len(ISO_CONTROLS) == 38
    for req in frameworks()["iso-42001"]["requirements"]:
        assert not req.get("applies"), f"{req['ref_id']} must apply to every system"


def test_gdpr_holds_its_articles_each_for_personal_data():
    assert assessable("gdpr") == GDPR_ARTICLES
    for ref_id in GDPR_ARTICLES:
        assert requirements("gdpr")[ref_id]["applies"] == {"personal_data": True}
    kinds = {item["kind"] for item in requirements("gdpr")["Art. 28"]["evidence"]}
    assert kinds == {"vendor_assessment", "document"}


def test_applicability_uses_only_known_conditions_and_values():
    for key, framework in frameworks().items():
        for req in framework["requirements"]:
            applies = req.get("applies") or {}
            where = f"{key} {req['ref_id']}"
            assert set(applies) <= {
                "tiers",
                "ai_act_categories",
                "roles",
                "personal_data",
                "public_authority",
            }, where
            assert set(applies.get("tiers", [])) <= TIERS, where
            assert set(applies.get("ai_act_categories", [])) <= CATEGORIES, where
            assert set(applies.get("roles", [])) <= ROLES, where
            for flag in ("personal_data", "public_authority"):
                assert applies.get(flag, True) in (True, False), where


def test_every_evidence_item_is_a_known_kind_with_a_detail_that_exists():
    details = known_details()
    for where, item in all_items():
        assert set(item) <= {"kind", "detail", "label"}, where
        assert item["label"].strip(), where
        takes_detail = KINDS[item["kind"]]  # KeyError: an unknown kind
        detail = item.get("detail", "")
        if takes_detail is True:
            assert detail in details[item["kind"]], f"{where}: unknown {item['kind']} {detail!r}"
        elif takes_detail is False:
            assert not detail, f"{where}: {item['kind']} takes no detail"
        elif detail:
            assert detail in details["model_card"], f"{where}: no card field {detail!r}"


def test_document_types_are_unique_scoped_and_all_used():
    raw = _read(DATA / "document_types.yaml")["types"]
    assert len(raw) == len(document_types())
    for entry in raw:
        assert set(entry) == {"key", "label", "scope", "help"}, entry["key"]
        assert entry["scope"] in ("organisation", "system"), entry["key"]
        assert entry["key"] == slugify(entry["key"]), entry["key"]
        assert entry["label"].strip() and entry["help"].strip(), entry["key"]
    used = {item["detail"] for _, item in all_items() if item["kind"] == "document"}
    assert used == set(document_types())  # no type nobody asks for


def _high_risk_provider(req: dict) -> bool:
    applies = req.get("applies") or {}
    return (
        "high" in applies.get("tiers", ["high"])
        and "high_risk" in applies.get("ai_act_categories", ["high_risk"])
        and "provider" in applies.get("roles", ["provider"])
        and not applies.get("personal_data")
        and not applies.get("public_authority")
    )


def test_worked_case_card_and_bias_testing_leave_the_named_articles_as_gaps():
    """DOMAIN.md 3 / issue 19: a high-risk provider system with only an approved model
    card and the bias-testing control: Art. 9, 13, 14, 72 have nothing those can give
    (gaps), Art. 10 and 11 are partly covered (partial)."""

    def present(item):
        return item["kind"] == "model_card" or (
            item["kind"] == "control" and item.get("detail") == "bias-testing"
        )

    reqs = requirements("eu-ai-act")
    for ref_id in ("Art. 9", "Art. 10", "Art. 11", "Art. 13", "Art. 14", "Art. 72"):
        assert _high_risk_provider(reqs[ref_id]), ref_id
    for ref_id in ("Art. 9", "Art. 13", "Art. 14", "Art. 72"):
        assert not any(present(i) for i in reqs[ref_id]["evidence"]), ref_id
    for ref_id in ("Art. 10", "Art. 11"):
        given = [present(i) for i in reqs[ref_id]["evidence"]]
        assert any(given) and not all(given), ref_id


def test_ai_act_scope_by_category_and_role():
    reqs = requirements("eu-ai-act")
    assert "applies" not in reqs["Art. 5"] and "applies" not in reqs["Art. 6"]
    assert reqs["Art. 26"]["applies"] == {"ai_act_categories": ["high_risk"], "roles": ["deployer"]}
    assert reqs["Art. 27"]["applies"]["public_authority"] is True
    assert reqs["Art. 50"]["applies"] == {"ai_act_categories": ["limited"]}
    provider_duties = [
        a
        for a in EU_AI_ACT_ARTICLES
        if a not in ("Art. 5", "Art. 6", "Art. 26", "Art. 27", "Art. 50")
    ]
    for ref_id in provider_duties:
        assert reqs[ref_id]["applies"] == {
            "tiers": ["critical", "high"],
            "ai_act_categories": ["high_risk"],
            "roles": ["provider"],
        }, ref_id


def test_a_low_tier_system_gets_govern_and_map_but_not_testing():
    reqs = requirements("nist-ai-rmf")
    assert reqs["MEASURE 2.5"]["applies"] == {"tiers": ["critical", "high", "medium"]}
    for ref_id in assessable("nist-ai-rmf"):
        if ref_id.startswith(("GOVERN", "MAP")):
            assert "applies" not in reqs[ref_id], ref_id
    for_low = [
        r
        for r in assessable("nist-ai-rmf")
        if "low" in reqs[r].get("applies", {}).get("tiers", ["low"])
    ]
    assert "MEASURE 2.7" not in for_low and "MANAGE 4.1" not in for_low
    assert "GOVERN 1.1" in for_low and "MAP 1.1" in for_low


@pytest.mark.parametrize("path", CROSSWALK_FILES, ids=lambda p: p.stem)
def test_crosswalk_refs_exist_on_both_sides(path):
    crosswalk = _read(path)
    by_key = {f["key"]: f for f in frameworks().values()}
    sides = {}
    for side in ("source", "target"):
        framework = by_key[crosswalk[side]["key"]]
        assert crosswalk[side]["version"] == framework["version"], (path.stem, side)
        sides[side] = set(assessable(framework["key"]))
    assert path.stem == f"{crosswalk['source']['key']}__{crosswalk['target']['key']}"
    mappings = crosswalk["mappings"]
    assert 15 <= len(mappings) <= 40
    pairs = [(m["source"], m["target"]) for m in mappings]
    assert len(pairs) == len(set(pairs)), "a pair mapped twice"
    for m in mappings:
        assert set(m) == {"source", "target", "relationship"}, (path.stem, m)
        assert m["source"] in sides["source"], (path.stem, m)
        assert m["target"] in sides["target"], (path.stem, m)
        assert m["relationship"] in RELATIONSHIPS, (path.stem, m)


def test_the_domain_example_maps_operation_and_monitoring_to_post_market_monitoring():
    crosswalk = _read(DATA / "crosswalks" / "iso-42001__eu-ai-act.yaml")
    assert {"source": "A.6.2.6", "target": "Art. 72", "relationship": "intersect"} in crosswalk[
        "mappings"
    ]
    assert len(CROSSWALK_FILES) == 3
