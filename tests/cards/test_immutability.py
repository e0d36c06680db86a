"""An approved version is never changed, by anyone: the database itself refuses (issue 18,
"an approved version refuses UPDATE at the database"). Raw SQL, past every service."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from cards.models import DatasheetVersion, ModelCardVersion
from tests.cards.factories import DatasheetVersionFactory, ModelCardVersionFactory

pytestmark = pytest.mark.django_db

CARD_TABLE, SHEET_TABLE = "cards_modelcardversion", "cards_datasheetversion"


def run(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql: str, *params) -> str:
    """The database's refusal, in its words (the statement rolled back alone)."""
    with pytest.raises(DatabaseError) as raised, transaction.atomic():
        run(sql, *params)
    return str(raised.value)


@pytest.mark.parametrize(
    "assignment",
    [
        'content = \'{"uses": {"intended_uses": "anything"}}\'::jsonb',
        "changelog = 'rewritten'",
        "content_hash = repeat('1', 64)",
        "number = 7",
        "decision_note = 'edited later'",
        "status = 'draft'",
        "status = 'in_review'",
    ],
)
def test_an_approved_card_version_refuses_every_update_but_superseding(assignment):
    version = ModelCardVersionFactory(approved=True, changelog="First.", content={"a": 1})
    why = refused(f"UPDATE {CARD_TABLE} SET {assignment} WHERE id = %s", version.pk)
    assert "a decided version is never changed" in why
    version.refresh_from_db()
    assert (version.status, version.changelog, version.number) == ("approved", "First.", 1)
    assert version.content == {"a": 1}


def test_an_approved_card_version_moves_to_superseded_and_then_stays():
    version = ModelCardVersionFactory(approved=True)
    run(f"UPDATE {CARD_TABLE} SET status = 'superseded' WHERE id = %s", version.pk)
    assert ModelCardVersion.objects.get(pk=version.pk).status == "superseded"
    refused(f"UPDATE {CARD_TABLE} SET status = 'approved' WHERE id = %s", version.pk)
    refused(f"UPDATE {CARD_TABLE} SET changelog = 'x' WHERE id = %s", version.pk)
    assert ModelCardVersion.objects.get(pk=version.pk).status == "superseded"


def test_card_versions_moving_to_another_card_are_refused():
    version = ModelCardVersionFactory(approved=True)
    other = ModelCardVersionFactory()
    refused(f"UPDATE {CARD_TABLE} SET card_id = %s WHERE id = %s", other.card_id, version.pk)


@pytest.mark.parametrize("status", ["approved", "superseded"])
def test_a_decided_card_version_cannot_be_deleted(status):
    version = ModelCardVersionFactory(approved=True)
    if status == "superseded":
        run(f"UPDATE {CARD_TABLE} SET status = 'superseded' WHERE id = %s", version.pk)
    refused(f"DELETE FROM {CARD_TABLE} WHERE id = %s", version.pk)
    assert ModelCardVersion.objects.filter(pk=version.pk).exists()


def test_a_draft_and_a_version_in_review_change_freely():
    draft = ModelCardVersionFactory(content={})
    run(
        f"UPDATE {CARD_TABLE} SET content = '{{\"uses\": {{}}}}'::jsonb, "
        "changelog = 'Better.', status = 'in_review' WHERE id = %s",
        draft.pk,
    )
    draft.refresh_from_db()
    assert (draft.content, draft.changelog, draft.status) == ({"uses": {}}, "Better.", "in_review")
    run(f"UPDATE {CARD_TABLE} SET status = 'draft' WHERE id = %s", draft.pk)
    run(f"DELETE FROM {CARD_TABLE} WHERE id = %s", draft.pk)
    assert not ModelCardVersion.objects.filter(pk=draft.pk).exists()


def test_an_approved_datasheet_version_refuses_update_and_delete():
    sheet = DatasheetVersionFactory(approved=True, content={"licence": "CC-BY-4.0"})
    for sql in (
        f"UPDATE {SHEET_TABLE} SET content = '{{}}'::jsonb WHERE id = %s",
        f"UPDATE {SHEET_TABLE} SET status = 'draft' WHERE id = %s",
        f"DELETE FROM {SHEET_TABLE} WHERE id = %s",
    ):
        assert "a decided version is never changed" in refused(sql, sheet.pk)
    run(f"UPDATE {SHEET_TABLE} SET status = 'superseded' WHERE id = %s", sheet.pk)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.content) == ("superseded", {"licence": "CC-BY-4.0"})


def test_a_datasheet_draft_changes_freely():
    draft = DatasheetVersionFactory()
    run(f"UPDATE {SHEET_TABLE} SET changelog = 'More rows.' WHERE id = %s", draft.pk)
    assert DatasheetVersion.objects.get(pk=draft.pk).changelog == "More rows."
