"""The migration that brings the RACI and scheme version 1 to an existing registry: every
classification already recorded lands on version 1, the newest of each system effective."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registry", "0002_default_control_library")]
AFTER = [("registry", "0003_classification_review_and_scoring_scheme")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    """Leave the database at the newest migrations: migrating back to registry 0002 also
    unapplies what depends on it (the risk register's tables), and a later test (in any
    order) needs them."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_classifications_land_on_version_1_newest_effective():
    old = migrate(BEFORE)
    team = old.get_model("core", "Team").objects.create(name="T", slug="t")
    user = old.get_model("core", "User").objects.create(email="safety@example.com")
    system = old.get_model("registry", "AISystem").objects.create(
        system_id="SYS-001", name="S", description="d", owner_team=team
    )
    inputs = {
        "decision_impact": "employment",
        "human_oversight": "partial",
        "data_sensitivity": "sensitive",
        "user_vulnerability": "general_public",
        "deployment_scale": "thousands",
        "decision_reversibility": "difficult_to_reverse",
    }
    classification = old.get_model("registry", "Classification")
    for day, score in ((1, 13), (2, 14)):
        classification.objects.create(
            system=system,
            score=score,
            tier="high",
            rationale="r",
            classified_by=user,
            classified_at=datetime(2026, 1, day, tzinfo=UTC),
            **inputs,
        )

    new = migrate(AFTER)
    rows = new.get_model("registry", "Classification").objects.order_by("classified_at")
    assert [(c.score, c.status, c.scheme.version, c.reviewer_id) for c in rows] == [
        (13, "superseded", 1, user.pk),
        (14, "effective", 1, user.pk),
    ]
    scheme = new.get_model("registry", "ScoringScheme").objects.get()
    assert (scheme.min_score, scheme.max_score, scheme.thresholds["high"]) == (5, 23, 12)
