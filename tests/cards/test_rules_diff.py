"""The diff between any two versions of a card (issue 18)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cards.rules.content import Card, Identity, Metric, Performance, Uses
from cards.rules.diff import Change, card_diff
from tests.cards.factories import complete_card


def test_the_same_card_has_no_changes():
    assert card_diff(complete_card(), complete_card()) == []


def test_text_lists_and_dates_show_before_and_after_in_their_json_form():
    old = Card(identity=Identity(name="Screener", authors=("Ana",)))
    new = Card(
        identity=Identity(name="Screener", authors=("Ana", "Bo"), release_date=date(2026, 3, 1)),
        uses=Uses(intended_uses="Ranking."),
    )
    assert card_diff(old, new) == [
        Change("identity.release_date", None, "2026-03-01"),
        Change("identity.authors", ["Ana"], ["Ana", "Bo"]),
        Change("uses.intended_uses", "", "Ranking."),
    ]


def test_metrics_are_matched_by_name_and_group_not_position():
    overall = Metric(name="accuracy", value=0.93)
    elder = Metric(name="accuracy", value=0.90, group="age 60+")
    recall = Metric(name="recall", value=0.8)
    old = Card(performance=Performance(metrics=(overall, elder, recall)))
    new = Card(
        performance=Performance(
            metrics=(replace(elder, value=0.92), overall, Metric(name="f1", value=0.7))
        )
    )
    changes = card_diff(old, new)
    assert [(c.path, c.before, c.after) for c in changes[:1]] == [
        ("performance.metrics[accuracy / age 60+].value", 0.90, 0.92)
    ]
    removed, added = changes[1:]
    assert (removed.path, removed.before["value"], removed.after) == (
        "performance.metrics[recall]",
        0.8,
        None,
    )
    assert (added.path, added.before, added.after["value"]) == (
        "performance.metrics[f1]",
        None,
        0.7,
    )
    assert set(added.after) == {
        "name",
        "value",
        "unit",
        "group",
        "ci_low",
        "ci_high",
        "threshold",
        "direction",
    }


def test_a_repeated_metric_is_told_apart_by_its_occurrence():
    twice = (Metric(name="auc", value=0.8), Metric(name="auc", value=0.81))
    old = Card(performance=Performance(metrics=twice))
    new = Card(performance=Performance(metrics=(twice[0], replace(twice[1], value=0.83))))
    assert card_diff(old, new) == [Change("performance.metrics[auc #2].value", 0.81, 0.83)]


texts = st.text(max_size=6)


@given(texts, texts, texts, texts)
def test_property_a_diff_is_empty_exactly_when_the_cards_are_equal(a, b, c, d):
    old = Card(identity=Identity(name=a), uses=Uses(intended_uses=b))
    new = Card(identity=Identity(name=c), uses=Uses(intended_uses=d))
    changes = card_diff(old, new)
    assert (changes == []) == (old == new)
    assert all(change.before != change.after for change in changes)
