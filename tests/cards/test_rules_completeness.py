"""The completeness rule (DOMAIN.md 7, issue 18): worked examples, then properties over
generated cards."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from cards.rules.completeness import REQUIRED_FOR_HIGH_RISK, card_completeness
from cards.rules.content import AT_LEAST, AT_MOST, Card, Metric, Performance, Technical
from tests.cards.factories import RESUMES, complete_card

WITH_SHEET = frozenset({RESUMES})


def high(card: Card, sheets: frozenset[str] = WITH_SHEET):
    return card_completeness(card, high_risk=True, datasets_with_datasheet=sheets)


def low(card: Card, sheets: frozenset[str] = WITH_SHEET):
    return card_completeness(card, high_risk=False, datasets_with_datasheet=sheets)


def with_metrics(card: Card, *metrics: Metric) -> Card:
    return replace(card, performance=Performance(metrics=metrics))


def messages(result) -> list[str]:
    return [gap.message for gap in result.gaps]


# --- worked examples -------------------------------------------------------------------


def test_a_complete_high_risk_card_is_suitable_for_the_gate():
    result = high(complete_card())
    assert result.gaps == ()
    assert result.complete and result.suitable_for_high_risk_gate


def test_accuracy_of_91_percent_against_at_least_92_is_a_gap_named_with_its_numbers():
    card = with_metrics(
        complete_card(),
        Metric(name="accuracy", value=91, unit="%", threshold=92, direction=AT_LEAST),
        Metric(name="accuracy", value=0.95, group="women"),
    )
    result = high(card)
    assert messages(result) == ["accuracy is 91%, below its threshold of at least 92%"]
    assert result.gaps[0].key == "performance.metrics[0]"
    assert not result.complete and not result.suitable_for_high_risk_gate


def test_a_group_below_its_threshold_is_named_with_the_group():
    # The demo's hiring screener v3: one group below its threshold.
    card = with_metrics(
        complete_card(),
        Metric(name="accuracy", value=0.93, threshold=0.92, direction=AT_LEAST),
        Metric(name="accuracy", value=0.91, group="age 60+", threshold=0.92, direction=AT_LEAST),
    )
    assert messages(high(card)) == [
        "accuracy for age 60+ is 0.91, below its threshold of at least 0.92"
    ]


def test_an_at_most_threshold_is_missed_from_above():
    metric = Metric(
        name="false positive rate", value=0.08, group="women", threshold=0.05, direction=AT_MOST
    )
    assert messages(high(with_metrics(complete_card(), metric))) == [
        "false positive rate for women is 0.08, above its threshold of at most 0.05"
    ]


def test_an_empty_card_names_every_required_section_for_high_risk():
    keys = [gap.key for gap in high(Card()).gaps]
    assert keys == [
        "identity.name",
        "identity.version",
        "uses.intended_uses",
        "performance.by_group",
        "technical.datasets",
        "considerations.identified_biases",
        "considerations.failure_modes",
        "considerations.mitigations",
        "governance.incident_contact",
        "governance.approvers",
    ]


def test_performance_only_overall_is_a_gap_for_high_risk():
    card = with_metrics(complete_card(), Metric(name="accuracy", value=0.95))
    assert messages(high(card)) == [
        "Performance by group is missing: no metric is measured for a group."
    ]


def test_data_without_an_approved_datasheet_is_a_gap_for_high_risk_only():
    card = complete_card(
        technical=Technical(training_datasets=(RESUMES,), evaluation_datasets=("holdout-2024",))
    )
    assert messages(high(card)) == ["The dataset holdout-2024 has no approved datasheet."]
    assert low(card).complete and not low(card).suitable_for_high_risk_gate


def test_a_blank_answer_counts_as_missing():
    card = complete_card()
    card = replace(card, considerations=replace(card.considerations, mitigations="  \n "))
    assert [gap.key for gap in high(card).gaps] == ["considerations.mitigations"]


def test_a_lower_tier_asks_for_the_basics_and_met_thresholds():
    card = Card(identity=complete_card().identity, uses=complete_card().uses)
    result = low(card)
    assert result.complete and result.gaps == ()
    assert not result.suitable_for_high_risk_gate
    missed = with_metrics(card, Metric(name="recall", value=0.5, threshold=0.6, direction=AT_LEAST))
    assert messages(low(missed)) == ["recall is 0.5, below its threshold of at least 0.6"]


# --- properties ------------------------------------------------------------------------

texts = st.text(min_size=0, max_size=8)
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def metrics(draw, *, passing: bool | None = None) -> Metric:
    value = draw(numbers)
    direction = draw(st.sampled_from(["", AT_LEAST, AT_MOST]))
    threshold = None if not direction else draw(numbers)
    if direction and passing is not None:
        meets = value >= threshold if direction == AT_LEAST else value <= threshold
        if meets != passing:
            value, threshold = threshold, value  # swap the two to meet or miss
            meets = value >= threshold if direction == AT_LEAST else value <= threshold
        if meets != passing:  # equal numbers always meet
            threshold = value + 1 if direction == AT_LEAST else value - 1
    return Metric(
        name=draw(st.text(min_size=1, max_size=8)),
        value=value,
        group=draw(texts),
        threshold=threshold,
        direction=direction,
    )


@st.composite
def cards(draw) -> Card:
    """A complete card with any of its required answers blanked and any metrics."""
    card = complete_card()
    blank = draw(st.sets(st.sampled_from([key for key, _ in REQUIRED_FOR_HIGH_RISK])))
    for key in blank:
        section, name = key.split(".")
        part = getattr(card, section)
        empty = "" if isinstance(getattr(part, name), str) else ()
        card = replace(card, **{section: replace(part, **{name: empty})})
    datasets = draw(st.lists(st.sampled_from([RESUMES, "holdout", "web-2024"]), max_size=3))
    card = replace(card, technical=Technical(training_datasets=tuple(datasets)))
    return with_metrics(card, *draw(st.lists(metrics(), max_size=5)))


@given(cards())
def test_property_every_missing_required_section_is_named(card):
    keys = {gap.key for gap in high(card).gaps}
    for key, _ in REQUIRED_FOR_HIGH_RISK:
        section, name = key.split(".")
        value = getattr(getattr(card, section), name)
        if not value:
            assert key in keys
    if not any(metric.group for metric in card.performance.metrics):
        assert "performance.by_group" in keys
    named = card.technical.training_datasets
    if not named:
        assert "technical.datasets" in keys
    for key in set(named) - WITH_SHEET:
        assert f"technical.datasets.{key}" in keys


@given(cards(), st.booleans())
def test_property_a_missed_threshold_is_never_suitable(card, high_risk):
    missed = any(metric.meets_threshold is False for metric in card.performance.metrics)
    result = card_completeness(card, high_risk=high_risk, datasets_with_datasheet=WITH_SHEET)
    if missed:
        assert not result.suitable_for_high_risk_gate and not result.complete


@given(cards(), metrics(passing=True), st.booleans())
def test_property_adding_a_passing_metric_never_adds_a_gap(card, metric, high_risk):
    def gaps(c: Card) -> set[str]:
        found = card_completeness(c, high_risk=high_risk, datasets_with_datasheet=WITH_SHEET)
        return {gap.message for gap in found.gaps}

    more = with_metrics(card, *card.performance.metrics, metric)
    assert gaps(more) <= gaps(card)


@given(cards(), st.booleans())
def test_property_complete_means_no_gap_and_suitable_means_complete(card, high_risk):
    result = card_completeness(card, high_risk=high_risk, datasets_with_datasheet=WITH_SHEET)
    assert result.complete == (result.gaps == ())
    if result.suitable_for_high_risk_gate:
        assert result.complete
    if high_risk:
        assert result.suitable_for_high_risk_gate == result.complete
