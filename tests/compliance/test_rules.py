"""The compliance rules (DOMAIN.md 3): applicability, an evidence item's state, a
requirement's status, crosswalks and the percentage, with hypothesis properties."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from compliance.rules import status as s
from compliance.rules.applicability import SystemFacts, applies_to, framework_applies
from compliance.rules.crosswalk import Link, with_crosswalks
from core.evidence_kinds import FoundEvidence

TODAY = date(2026, 12, 7)
ITEM = {"kind": "model_card", "detail": "", "label": "Model or system card"}


def card(version: int, fingerprint: str = "h", *, current=True, why="", expires=None):
    return FoundEvidence(
        record_type="cards.modelcardversion",
        record_id=str(version),
        label=f"Model card v{version}",
        fingerprint=fingerprint,
        expires_on=expires,
        current=current,
        why_not_current=why,
    )


def accepted(version: int, fingerprint: str = "h", expires=None, ok=True):
    return s.Decided(
        "cards.modelcardversion", str(version), f"Model card v{version}", fingerprint, expires, ok
    )


HIGH_PROVIDER = SystemFacts("high", "high_risk", "provider", True, False, frozenset({"eu_ai_act"}))
LOW = SystemFacts("low", "minimal", "deployer", False, False, frozenset())


def test_applicability_by_tier_category_role_and_scope():
    art9 = {
        "tiers": ["critical", "high"],
        "ai_act_categories": ["high_risk"],
        "roles": ["provider"],
    }
    assert applies_to(art9, HIGH_PROVIDER)
    assert not applies_to(art9, LOW)
    assert applies_to({"roles": ["deployer"]}, LOW)
    both = SystemFacts("high", "high_risk", "both", False, False)
    assert applies_to({"roles": ["deployer"]}, both) and applies_to({"roles": ["provider"]}, both)
    assert not applies_to({"personal_data": True}, LOW)
    assert framework_applies("eu_ai_act", HIGH_PROVIDER)
    assert not framework_applies("eu_ai_act", LOW)
    assert framework_applies("", LOW)  # NIST AI RMF: regardless of scope


def test_an_accepted_current_record_holds():
    result = s.item_result(0, ITEM, [card(3)], [accepted(3)], TODAY)
    assert result.state == s.ACCEPTED and result.record.record_id == "3"


def test_a_present_record_waits_for_its_reviewer():
    result = s.item_result(0, ITEM, [card(3)], [], TODAY)
    assert result.state == s.AWAITING and [c.record_id for c in result.candidates] == ["3"]


def test_a_superseded_version_sends_the_item_back_to_review_with_the_new_one_offered():
    found = [card(4, "h4"), card(3, current=False, why="superseded by version 4")]
    result = s.item_result(0, ITEM, found, [accepted(3)], TODAY)
    assert result.state == s.REVIEW_NEEDED
    assert result.reason == "superseded by version 4"
    assert [c.record_id for c in result.candidates] == ["4"]


def test_expiry_and_a_changed_fingerprint_send_it_back_to_review():
    expired = s.item_result(0, ITEM, [card(3)], [accepted(3, expires=date(2026, 12, 6))], TODAY)
    assert expired.state == s.REVIEW_NEEDED and "expired on 2026-12-06" in expired.reason
    on_the_day = s.item_result(0, ITEM, [card(3)], [accepted(3, expires=TODAY)], TODAY)
    assert on_the_day.state == s.ACCEPTED
    changed = s.item_result(0, ITEM, [card(3, "new")], [accepted(3, "old")], TODAY)
    assert changed.state == s.REVIEW_NEEDED and "changed after it was accepted" in changed.reason


def test_a_refused_record_is_not_offered_again_until_it_changes():
    refused = accepted(3, ok=False)
    assert s.item_result(0, ITEM, [card(3)], [refused], TODAY).state == s.MISSING
    again = s.item_result(0, ITEM, [card(3, "changed")], [refused], TODAY)
    assert again.state == s.AWAITING


def test_missing_says_why_what_was_found_does_not_count():
    lapsed = card(2, current=False, why="expired on 2026-11-30")
    result = s.item_result(0, ITEM, [lapsed], [], TODAY)
    assert result.state == s.MISSING and result.reason == "expired on 2026-11-30"


def item(state):
    return s.ItemResult(0, "document", "x", "X", state)


def test_requirement_status_from_its_items():
    assert s.requirement_status([item(s.ACCEPTED), item(s.ACCEPTED)]) == s.MET
    assert s.requirement_status([item(s.ACCEPTED), item(s.REVIEW_NEEDED)]) == s.REVIEW_NEEDED
    assert s.requirement_status([item(s.ACCEPTED), item(s.MISSING)]) == s.PARTIAL
    assert s.requirement_status([item(s.AWAITING), item(s.MISSING)]) == s.GAP
    assert s.requirement_status([item(s.REVIEW_NEEDED), item(s.MISSING)]) == s.GAP
    assert s.requirement_status([]) == s.GAP
    assert s.requirement_status([item(s.MISSING)], not_applicable=True) == s.NOT_APPLICABLE


STATES = st.sampled_from([s.ACCEPTED, s.REVIEW_NEEDED, s.AWAITING, s.MISSING])


@given(st.lists(STATES, min_size=1, max_size=8))
def test_met_exactly_when_every_item_is_accepted(states):
    status = s.requirement_status([item(x) for x in states])
    assert (status == s.MET) == all(x == s.ACCEPTED for x in states)
    moved = all(x in (s.ACCEPTED, s.REVIEW_NEEDED) for x in states)
    assert (status == s.GAP) == (s.ACCEPTED not in states and not moved)


def test_percentage_rounds_halves_up_and_says_nothing_when_nothing_applies():
    assert s.percentage(2, 3) == 67
    assert s.percentage(1, 8) == 13  # 12.5
    assert s.percentage(0, 5) == 0 and s.percentage(5, 5) == 100
    assert s.percentage(0, 0) is None


@given(st.integers(0, 500), st.integers(1, 500))
def test_percentage_is_within_half_a_point(met, applicable):
    met = min(met, applicable)
    value = s.percentage(met, applicable)
    assert 0 <= value <= 100
    assert abs(value - 100 * met / applicable) <= 0.5


def link(status, relationship, other_is_source=True):
    return Link("ISO/IEC 42001 A.6.2.6", status, relationship, other_is_source)


def test_crosswalk_credit_follows_the_relationship_and_names_its_source():
    lifted = with_crosswalks(s.GAP, [link(s.MET, "equal")])
    assert lifted.status == s.MET and lifted.via == "Met through ISO/IEC 42001 A.6.2.6 (equal)"
    assert with_crosswalks(s.GAP, [link(s.MET, "intersect")]).status == s.PARTIAL
    assert with_crosswalks(s.GAP, [link(s.MET, "superset")]).status == s.MET
    assert with_crosswalks(s.GAP, [link(s.MET, "subset")]).status == s.PARTIAL
    # Seen from the source's side, a target that covers all of it (subset) meets it.
    assert with_crosswalks(s.GAP, [link(s.MET, "subset", other_is_source=False)]).status == s.MET
    assert with_crosswalks(s.GAP, [link(s.PARTIAL, "equal")]).status == s.GAP
    assert with_crosswalks(s.REVIEW_NEEDED, [link(s.MET, "intersect")]).status == s.REVIEW_NEEDED


@given(
    st.sampled_from([s.MET, s.PARTIAL, s.GAP, s.REVIEW_NEEDED, s.NOT_APPLICABLE]),
    st.lists(
        st.tuples(
            st.sampled_from([s.MET, s.PARTIAL, s.GAP]),
            st.sampled_from(["equal", "subset", "superset", "intersect"]),
            st.booleans(),
        ),
        max_size=4,
    ),
)
def test_a_crosswalk_never_lowers_a_status(own, links):
    rank = {s.GAP: 0, s.REVIEW_NEEDED: 0, s.PARTIAL: 1, s.MET: 2, s.NOT_APPLICABLE: 3}
    result = with_crosswalks(own, [link(a, b, c) for a, b, c in links])
    assert rank[result.status] >= rank[own]
