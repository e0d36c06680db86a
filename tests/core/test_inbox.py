"""The inbox: notifications with their reason, e-mail once, read markers, header badge."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Notification
from core.services import notification_email_deliver, notification_send

URL = "/inbox/"


def send(recipient, n: int = 1, **extra) -> list[Notification]:
    return [
        notification_send(
            recipient=recipient,
            title=extra.get("title", f"Breach clock at 48 hours #{i}"),
            reason=extra.get("reason", "You are the DPO."),
            body=extra.get("body", ""),
            link=extra.get("link", "/incidents/INC-1/"),
        )
        for i in range(n)
    ]


def test_a_notification_lands_in_the_inbox_and_is_emailed_once(client_for, personas, mailoutbox):
    (note,) = send(personas.dpo, title="Breach clock at 48 hours", body="INC-1 needs a decision.")
    assert notification_email_deliver(notification_id=note.pk) is True
    assert notification_email_deliver(notification_id=note.pk) is False  # a second delivery
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert (mail.subject, mail.to) == ("Breach clock at 48 hours", [personas.dpo.email])
    assert "Why you received this: You are the DPO." in mail.body
    assert "/incidents/INC-1/" in mail.body

    html = client_for(personas.dpo).get(URL).content.decode()
    assert "Breach clock at 48 hours" in html
    assert "Why you got this:</span> You are the DPO." in html
    assert 'href="/incidents/INC-1/"' in html
    assert "is-unread" in html and "New" in html


def test_the_header_badge_shows_the_unread_count(client_for, personas):
    already_read, *_ = send(personas.dpo, 3)
    Notification.objects.filter(pk=already_read.pk).update(read_at="2026-01-01T00:00Z")
    send(personas.board, 5)  # someone else's do not count
    html = client_for(personas.dpo).get("/profile/").content.decode()
    assert 'data-unread-count="2"' in html
    assert "Inbox, 2 unread" in html
    assert '<span class="badge-count" aria-hidden="true">2</span>' in html


def test_nothing_unread_means_no_badge_number(client_for, personas):
    html = client_for(personas.dpo).get("/profile/").content.decode()
    assert "Inbox, nothing unread" in html and "badge-count" not in html


def test_an_empty_inbox_says_so(client_for, personas):
    html = client_for(personas.responder).get(URL).content.decode()
    assert "Your inbox is empty" in html


def test_mark_one_read_with_htmx_swaps_the_row_and_the_badge(client_for, personas):
    first, second = send(personas.dpo, 2)
    client = client_for(personas.dpo)
    response = client.post(f"/inbox/{first.pk}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html and "is-unread" not in html
    assert 'hx-swap-oob="true"' in html and 'data-unread-count="1"' in html
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_mark_one_read_without_javascript_redirects_back(client_for, personas):
    (note,) = send(personas.dpo)
    response = client_for(personas.dpo).post(f"/inbox/{note.pk}/read/", {"next": "/inbox/?page=1"})
    assert (response.status_code, response["Location"]) == (302, "/inbox/?page=1")
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_offsite_next_is_ignored(client_for, personas):
    (note,) = send(personas.dpo)
    response = client_for(personas.dpo).post(
        f"/inbox/{note.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/inbox/"


def test_someone_elses_notification_is_not_found(client_for, personas):
    (note,) = send(personas.dpo)
    response = client_for(personas.board).post(f"/inbox/{note.pk}/read/")
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.parametrize("htmx", [True, False])
def test_mark_all_read(client_for, personas, htmx):
    send(personas.dpo, 3)
    send(personas.board, 1)
    client = client_for(personas.dpo)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post("/inbox/read-all/", **headers)
    assert response.status_code == (200 if htmx else 302)
    if htmx:
        assert 'data-unread-count="0"' in response.content.decode()
    assert not Notification.objects.filter(recipient=personas.dpo, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=personas.board, read_at__isnull=True).count() == 1


def test_unread_filter_and_pagination(client_for, personas):
    notes = send(personas.dpo, 30)
    Notification.objects.filter(pk=notes[0].pk).update(read_at="2026-01-01T00:00Z")
    client = client_for(personas.dpo)
    first = client.get(URL).content.decode()
    assert first.count('<li id="notification-') == 25 and "1–25 of 30" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert second.count('<li id="notification-') == 5
    unread = client.get(URL, {"show": "unread"}).content.decode()
    assert "1–25 of 29" in unread


def inbox_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_inbox_costs_the_same_queries_at_1_and_50_notifications(client_for, personas):
    client = client_for(personas.dpo)
    send(personas.dpo, 1)
    at_one = inbox_queries(client)
    send(personas.dpo, 49)
    assert inbox_queries(client) == at_one <= 8


def test_only_site_relative_links_are_rendered_as_links(client_for, personas):
    send(personas.dpo, 1, title="Odd link", link="javascript:alert(1)")
    send(personas.dpo, 1, title="Offsite link", link="//evil.example/")
    html = client_for(personas.dpo).get(URL).content.decode()
    assert "javascript:" not in html and "Odd link" in html
    assert "evil.example" not in html and "Offsite link" in html


# --- grouped by subject, filtered by kind ---------------------------------------------


def about(recipient, subject, title: str) -> Notification:
    return notification_send(
        recipient=recipient, title=title, reason="You are the DPO.", subject=subject
    )


def test_notifications_about_one_subject_fold_under_the_newest(client_for, personas):
    team, other = personas.people_ops, personas.customer_success
    about(personas.dpo, team, "People Ops: first")
    about(personas.dpo, other, "Customer Success: only")
    about(personas.dpo, team, "People Ops: second")
    about(personas.dpo, team, "People Ops: newest")
    page = client_for(personas.dpo).get(URL).content.decode()
    # The subject heard from last comes first, its newest notice shown, the rest folded.
    assert page.index("People Ops: newest") < page.index("2 earlier notifications about")
    assert page.index("2 earlier notifications about") < page.index("People Ops: second")
    assert page.index("People Ops: first") < page.index("Customer Success: only")
    assert page.count("earlier notification") == 1


def test_the_inbox_is_filtered_by_what_it_is_about(client_for, personas):
    about(personas.dpo, personas.people_ops, "About a team")
    about(personas.dpo, personas.owner, "About a person")
    send(personas.dpo, 1, title="About nothing in particular")
    client = client_for(personas.dpo)
    page = client.get(URL).content.decode()
    assert '<option value="core.team">Teams</option>' in page
    assert '<option value="core.user">Users</option>' in page
    teams = client.get(URL, {"kind": "core.team"}).content.decode()
    assert "About a team" in teams
    assert "About a person" not in teams and "About nothing" not in teams
    # A kind the person has no notifications of shows everything rather than an error.
    assert "About a person" in client.get(URL, {"kind": "nonsense"}).content.decode()


def test_mark_all_read_keeps_the_kind_filter(client_for, personas):
    about(personas.dpo, personas.people_ops, "About a team")
    client = client_for(personas.dpo)
    page = client.get(URL, {"kind": "core.team"}).content.decode()
    assert '<input type="hidden" name="kind" value="core.team">' in page
