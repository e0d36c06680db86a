"""Small kernel helpers every app calls: visible_or_404, notification_send_each and the
list kit's PersonSearchFilter."""

from __future__ import annotations

import pytest
from django.http import Http404

from core.choices import Role
from core.lists import PersonSearchFilter
from core.models import Notification, User
from core.selectors import users_with_role, visible_or_404
from core.services import notification_send_each

pytestmark = pytest.mark.django_db


def test_visible_or_404_finds_the_row_among_the_visible_ones(personas):
    found = visible_or_404(User.objects.all(), "No such person.", email="dpo@example.com")
    assert found == personas.dpo


def test_visible_or_404_answers_a_hidden_row_as_a_missing_one(personas):
    hidden = User.objects.exclude(pk=personas.dpo.pk)
    for lookup in ({"pk": personas.dpo.pk}, {"email": "nobody@example.com"}):
        with pytest.raises(Http404, match="No such person."):
            visible_or_404(hidden, "No such person.", **lookup)


def test_notification_send_each_tells_every_holder_once_per_key(personas):
    def send() -> None:
        notification_send_each(
            users_with_role([Role.DPO, Role.LEGAL]),
            title="Read this",
            reason="You hold the role.",
            dedupe_key=lambda person: f"test-each:{person.pk}",
        )

    send()
    send()  # the same keys: nobody is told twice
    told = Notification.objects.filter(title="Read this").values_list("recipient__email", flat=True)
    assert sorted(told) == ["dpo@example.com", "legal@example.com"]


def test_person_search_matches_the_text_in_a_name_or_an_e_mail(personas):
    box = PersonSearchFilter("Person", "full_name", "email")
    assert list(box.filter(User.objects.all(), "dpo@exa")) == [personas.dpo]
    assert box.filter(User.objects.all(), "").count() == User.objects.count()
