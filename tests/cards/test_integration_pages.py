"""What the card pages show of the integration (issue 18): the flag "a new version is
needed" with its reasons, and the version's PDF link in the reader's zone."""

import pytest

from cards.services.flags import card_new_version_needed
from tests.cards.factories import ModelCardFactory, ModelCardVersionFactory
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(personas):
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    card = ModelCardFactory(model__system=system, model__name="Ranker")
    ModelCardVersionFactory(card=card, number=1, approved=True)
    return card


def test_the_card_page_says_why_a_new_version_is_needed(client, personas, card):
    client.force_login(personas.owner)
    page = client.get(f"/cards/{card.pk}/").content.decode()
    assert 'id="new-version-needed"' not in page
    card_new_version_needed(
        actor=personas.owner, system=card.model.system, reason="Retraining recorded: 2025 data."
    )
    page = client.get(f"/cards/{card.pk}/").content.decode()
    assert 'id="new-version-needed"' in page
    assert "Retraining recorded: 2025 data." in page


def test_the_version_page_links_its_pdf_page(client, personas, card):
    client.force_login(personas.auditor)
    page = client.get(f"/cards/{card.pk}/versions/1/").content.decode()
    assert f'href="/cards/{card.pk}/versions/1/pdf/"' in page


def test_the_owner_records_a_retraining_from_the_card_page(client, personas, card):
    from cards.models import ModelCard
    from registry.models import SystemChange

    client.force_login(personas.owner)
    page = client.get(f"/cards/{card.pk}/").content.decode()
    assert "Record a change of what SYS-001 runs" in page
    url = f"/cards/{card.pk}/system-change/"
    refused = client.post(url, {"kind": "retraining", "description": " "})
    assert refused.status_code == 400 and not SystemChange.objects.exists()
    answer = client.post(url, {"kind": "retraining", "description": "Retrained on 2026 data."})
    assert answer.status_code == 302 and answer["Location"] == f"/cards/{card.pk}/"
    change = SystemChange.objects.get()
    assert (change.kind, change.recorded_by) == ("retraining", personas.owner)
    flagged = ModelCard.objects.get(pk=card.pk)
    assert "Retraining recorded: Retrained on 2026 data." in flagged.new_version_needed_reason


def test_a_reader_neither_sees_nor_posts_the_change_form(client, personas, card):
    from registry.models import SystemChange

    client.force_login(personas.auditor)
    assert "Record a change" not in client.get(f"/cards/{card.pk}/").content.decode()
    answer = client.post(
        f"/cards/{card.pk}/system-change/", {"kind": "guardrail", "description": "x"}
    )
    assert answer.status_code == 403 and not SystemChange.objects.exists()
