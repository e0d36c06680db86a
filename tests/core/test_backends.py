"""The signed-in person is loaded with their roles and unread count in one query."""

from core.backends import user_with_roles
from core.choices import Role
from core.permissions import has_role, teams_where
from core.services import notification_send, notifications_mark_read


def test_roles_and_unread_count_come_with_the_user_in_one_query(
    personas, django_assert_num_queries
):
    owner = personas.owner
    for title in ("First", "Second"):
        notification_send(recipient=owner, title=title, body="", reason="test", link="/")
    with django_assert_num_queries(1):
        loaded = user_with_roles(owner.pk)
        assert has_role(loaded, Role.PRODUCT_OWNER)
        assert teams_where(loaded, Role.PRODUCT_OWNER) == {personas.people_ops.pk}
        assert loaded.unread_notifications == 2


def test_marking_read_forgets_the_count_loaded_with_the_user(personas):
    loaded = user_with_roles(personas.owner.pk)
    notification_send(recipient=loaded, title="One", body="", reason="test", link="/")
    loaded = user_with_roles(personas.owner.pk)
    notifications_mark_read(user=loaded)
    assert not hasattr(loaded, "unread_notifications")


def test_no_user_for_an_id_nobody_has(db):
    assert user_with_roles(999_999) is None
