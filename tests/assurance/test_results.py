"""Recording red-team results: validation naming rows[i].field, upsert per category,
the thresholds version, permissions (DOMAIN.md 9)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assurance.models import CategoryResult, ThresholdSet
from assurance.rules.results import ResultRow
from assurance.services.results import results_record
from core.models import AuditEvent
from tests.assurance import exercise_of
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(personas):
    return exercise_of(personas.safety, people_ops_system(personas, risk_tier="high"))


def test_a_batch_is_recorded_one_result_per_category(personas, exercise):
    results = results_record(
        actor=personas.safety,
        exercise=exercise,
        rows=[ResultRow("jailbreak", 40, 0, 200, 12), ResultRow("prompt injection", 50, 0, 0, 0)],
        source="manual",
    )
    assert [r.category for r in results] == ["jailbreak", "prompt injection"]
    stored = CategoryResult.objects.get(exercise=exercise, category="jailbreak")
    assert (stored.attempts, stored.successes, stored.benign_prompts, stored.refusals) == (
        40,
        0,
        200,
        12,
    )
    exercise.refresh_from_db()
    assert exercise.thresholds == ThresholdSet.objects.get(version=1)


def test_a_reimport_replaces_the_counts_and_audits_each(personas, exercise):
    results_record(
        actor=personas.safety,
        exercise=exercise,
        rows=[ResultRow("jailbreak", 40, 0, 0, 0)],
        source="garak",
    )
    results_record(
        actor=personas.safety,
        exercise=exercise,
        rows=[ResultRow("Jailbreak", 80, 0, 10, 1)],
        source="garak",
    )
    stored = CategoryResult.objects.get(exercise=exercise)
    assert (stored.category, stored.attempts, stored.benign_prompts) == ("jailbreak", 80, 10)
    actions = list(
        AuditEvent.objects.filter(action__startswith="red_team_result")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["red_team_result.recorded", "red_team_result.updated"]


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (
            ResultRow("jailbreak", 4, 5, 0, 0),
            "rows[1].successes",
            "More successes (5) than attempts (4)",
        ),
        (
            ResultRow("jailbreak", 4, 0, 2, 3),
            "rows[1].refusals",
            "More refusals (3) than benign prompts (2)",
        ),
        (ResultRow("jailbreak", -1, 0, 2, 0), "rows[1].attempts", "cannot be negative"),
        (ResultRow("  ", 4, 0, 2, 0), "rows[1].category", "Name the attack category"),
        (ResultRow("toxicity", 4, 0, 2, 0), "rows[1].category", "Given twice"),
    ],
)
def test_a_bad_row_is_refused_naming_its_field_and_nothing_is_saved(
    personas, exercise, row, field, words
):
    with pytest.raises(ValidationError) as refused:
        results_record(
            actor=personas.safety,
            exercise=exercise,
            rows=[ResultRow("toxicity", 10, 0, 0, 0), row],
            source="manual",
        )
    assert words in refused.value.message_dict[field][0]
    assert not CategoryResult.objects.exists()


def test_an_unknown_source_is_refused(personas, exercise):
    with pytest.raises(ValidationError) as refused:
        results_record(
            actor=personas.safety,
            exercise=exercise,
            rows=[ResultRow("x", 1, 0, 0, 0)],
            source="excel",
        )
    assert "source" in refused.value.message_dict


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("safety", True),
        ("ciso", True),
        ("security", True),
        ("admin", True),
        ("owner", True),
        ("owner2", False),
        ("board", False),
        ("auditor", False),
        ("outsider", False),
    ],
)
def test_who_records_results(personas, exercise, who, allowed):
    def record():
        return results_record(
            actor=getattr(personas, who),
            exercise=exercise,
            rows=[ResultRow("jailbreak", 10, 0, 0, 0)],
            source="manual",
        )

    if allowed:
        assert record()
    else:
        with pytest.raises(PermissionDenied):
            record()
