"""core.writes.rows_create: several rows of one whole, validated, inserted at once and
audited as one event on the whole (the playbook's items copied onto an incident)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent, Team
from core.writes import rows_create

pytestmark = pytest.mark.django_db

TEAMS = [{"name": "Risk office", "slug": "risk-office"}, {"name": "Red team", "slug": "red-team"}]


def test_rows_are_inserted_in_one_statement_and_audited_once_on_the_whole(personas):
    with CaptureQueriesContext(connection) as queries:
        made = rows_create(
            actor=personas.admin,
            model=Team,
            rows=TEAMS,
            action="team.created",
            audit_on=personas.admin,
            audit_changes={"teams": ["risk-office", "red-team"]},
        )
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "core_team"')]
    assert len(inserts) == 1
    assert [team.slug for team in made] == ["risk-office", "red-team"]
    assert all(team.pk for team in made)
    event = AuditEvent.objects.get(action="team.created")
    assert (event.object_type, event.object_id) == ("core.user", str(personas.admin.pk))
    assert event.changes == {"teams": ["risk-office", "red-team"]}


def test_one_refused_row_saves_none_of_them_and_names_the_field(personas):
    with pytest.raises(ValidationError) as refused:
        rows_create(
            actor=personas.admin,
            model=Team,
            rows=[*TEAMS, {"name": "Loose", "slug": "not a slug!"}],
            action="team.created",
            audit_on=personas.admin,
        )
    assert set(refused.value.message_dict) == {"slug"}
    assert not Team.objects.filter(slug__in=["risk-office", "red-team"]).exists()
    assert not AuditEvent.objects.exists()


def test_nothing_to_insert_records_no_event(personas):
    made = rows_create(
        actor=personas.admin, model=Team, rows=[], action="team.created", audit_on=personas.admin
    )
    assert made == [] and not AuditEvent.objects.exists()


def test_an_event_needs_the_whole_it_is_named_on(personas):
    with pytest.raises(ValueError, match="audit_on"):
        rows_create(actor=personas.admin, model=Team, rows=TEAMS, action="team.created")
    assert not Team.objects.filter(slug="risk-office").exists()
