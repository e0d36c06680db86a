"""The red_team_report evidence kind (core.evidence_kinds, issue 20): a system's latest
completed exercise with results counts, an older one is shown superseded, a running or
empty one is not found; the fingerprint follows the results; for many systems in a fixed
number of queries. The shipped frameworks ask for it at NIST MEASURE 2.5 and 2.7 and
EU AI Act Art. 15, in a database installed from the files and in one installed before."""

from __future__ import annotations

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps as live_apps
from django.utils import timezone

from assurance.choices import ExerciseStatus
from assurance.selectors.artifacts import results_sha256
from compliance.models import Requirement
from core.evidence_kinds import evidence_found, evidence_kind
from registry.models import AISystem
from tests.assurance.factories import CategoryResultFactory, ExerciseFactory
from tests.factories import AISystemFactory, people_ops_system, unsaved_systems

pytestmark = pytest.mark.django_db


def find(systems):
    found = evidence_found([("red_team_report", "")], [s.pk for s in systems], timezone.localdate())
    return found["red_team_report"]


@pytest.fixture
def system(personas):
    return people_ops_system(personas, risk_tier="high")


def test_the_kind_is_registered_by_assurance_and_takes_no_detail():
    kind = evidence_kind("red_team_report")
    assert kind.owner == "assurance" and kind.details is None
    assert kind.produce_url("SYS-001") == "/assurance/systems/SYS-001/red-team/"


def test_the_latest_completed_exercise_counts_and_an_older_one_is_superseded(system):
    older = ExerciseFactory(exercise_id="RT-001", systems=[system], started_on=date(2026, 8, 3))
    newer = ExerciseFactory(exercise_id="RT-002", systems=[system], started_on=date(2026, 11, 2))
    CategoryResultFactory(exercise=older)
    CategoryResultFactory(exercise=newer, successes=0)

    latest, superseded = find([system])[(system.pk, "")]

    assert (latest.record_type, latest.record_id) == ("assurance.exercise", str(newer.pk))
    assert latest.current and latest.fingerprint == results_sha256(newer, newer.results.all())
    assert latest.url == "/assurance/exercises/RT-002/report.pdf"
    assert latest.label.startswith("Red-team exercise RT-002: Quarterly jailbreak sweep")
    assert superseded.record_id == str(older.pk)
    assert not superseded.current and superseded.why_not_current == "superseded by RT-002"


def test_a_running_or_empty_exercise_or_another_systems_is_not_found(system):
    running = ExerciseFactory(systems=[system], status=ExerciseStatus.RUNNING, ended_on=None)
    CategoryResultFactory(exercise=running)
    ExerciseFactory(systems=[system])  # completed, no results
    other = AISystemFactory()
    CategoryResultFactory(exercise=ExerciseFactory(systems=[other]))
    assert find([system]) == {}


def test_a_corrected_result_changes_the_fingerprint(system):
    result = CategoryResultFactory(exercise=ExerciseFactory(systems=[system]))
    before = find([system])[(system.pk, "")][0].fingerprint
    result.successes = 4
    result.save()
    assert find([system])[(system.pk, "")][0].fingerprint != before


def test_an_exercise_over_two_systems_answers_for_each(personas, system):
    second = AISystemFactory(system_id="SYS-002")
    exercise = ExerciseFactory(systems=[system, second])
    CategoryResultFactory(exercise=exercise)
    found = find([system, second])
    assert set(found) == {(system.pk, ""), (second.pk, "")}


@pytest.mark.parametrize("count", [1, 20])
def test_the_kind_answers_in_three_queries(personas, count, django_assert_num_queries):
    systems = AISystem.objects.bulk_create(unsaved_systems(personas.people_ops, count))
    for system in systems:
        exercise = ExerciseFactory(systems=[system])
        CategoryResultFactory(exercise=exercise, category="jailbreak")
        CategoryResultFactory(exercise=exercise, category="prompt injection")
    with django_assert_num_queries(3):
        found = find(systems)
    assert len(found) == count


SHIPPED = {
    ("nist-ai-rmf", "MEASURE 2.5"),
    ("nist-ai-rmf", "MEASURE 2.7"),
    ("eu-ai-act", "Art. 15"),
}


def asking():
    return {
        (r.framework.key, r.ref_id)
        for r in Requirement.objects.select_related("framework").filter(framework__is_current=True)
        if any(item["kind"] == "red_team_report" for item in r.evidence)
    }


def test_the_shipped_frameworks_ask_for_it_and_the_migration_adds_it_to_an_old_install():
    assert asking() == SHIPPED
    # A database installed before the files asked for it: the item is appended after
    # the items already there (acceptances name items by position).
    before = {}
    for requirement in Requirement.objects.filter(ref_id__in=[r for _, r in SHIPPED]):
        before[requirement.pk] = [i for i in requirement.evidence if i["kind"] != "red_team_report"]
        requirement.evidence = before[requirement.pk]
        requirement.save(update_fields=["evidence"])
    assert asking() == set()

    migration = import_module("compliance.migrations.0004_red_team_report_evidence")
    migration.add_items(live_apps, None)
    migration.add_items(live_apps, None)  # twice: still one item

    assert asking() == SHIPPED
    for requirement in Requirement.objects.filter(pk__in=before):
        assert requirement.evidence[:-1] == before[requirement.pk]
        assert requirement.evidence[-1]["kind"] == "red_team_report"
