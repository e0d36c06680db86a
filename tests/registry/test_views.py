"""Who may open each registry page: members read, the right roles write, others get 403.

Anonymous visitors are sent to the login page; the system ID in the URL is the
public name of a system, so a missing one is a 404 for everybody.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import (
    HIRING_SCREENER,
    PASSWORD,
    classified_system,
    people_ops_system,
)

pytestmark = pytest.mark.django_db


READ_PAGES = ("registry:portfolio", "registry:system_list", "registry:system_export")
SYSTEM_PAGES = (
    "registry:system_detail",
    "registry:system_edit",
    "registry:system_classify",
    "registry:system_ai_act",
)
EVERYONE = (
    "admin",
    "board",
    "owner",
    "owner2",
    "auditor",
    "dpo",
    "ciso",
    "legal",
    "engmanager",
    "security",
    "safety",
    "responder",
)


def status_of(client, user, url: str, method: str = "get") -> int:
    client.force_login(user)
    return getattr(client, method)(url).status_code


# --- reading --------------------------------------------------------------------------


@pytest.mark.parametrize("name", READ_PAGES)
@pytest.mark.parametrize("who", EVERYONE)
def test_every_member_reads_the_registry(client, personas, name, who):
    people_ops_system(personas)
    assert status_of(client, getattr(personas, who), reverse(name)) == 200


@pytest.mark.parametrize("who", EVERYONE)
def test_every_member_reads_a_system(client, personas, who):
    classified_system(personas)
    url = reverse("registry:system_detail", args=["SYS-001"])
    assert status_of(client, getattr(personas, who), url) == 200


@pytest.mark.parametrize("name", READ_PAGES + ("registry:system_create",))
def test_someone_without_a_role_gets_403(client, personas, name):
    assert status_of(client, personas.outsider, reverse(name)) == 403


@pytest.mark.parametrize("name", SYSTEM_PAGES)
def test_someone_without_a_role_gets_403_on_system_pages(client, personas, name):
    people_ops_system(personas)
    assert status_of(client, personas.outsider, reverse(name, args=["SYS-001"])) == 403


@pytest.mark.parametrize("name", READ_PAGES + ("registry:system_create",))
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", SYSTEM_PAGES)
def test_anonymous_visitors_are_sent_to_log_in_from_system_pages(client, personas, name):
    system = people_ops_system(personas)
    response = client.post(reverse(name, args=["SYS-001"]), {"name": "Hijacked"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    system.refresh_from_db()
    assert system.name == "Resume screener"


@pytest.mark.parametrize("name", SYSTEM_PAGES)
def test_a_missing_system_is_404(client, personas, name):
    assert status_of(client, personas.admin, reverse(name, args=["SYS-999"])) == 404


# --- writing --------------------------------------------------------------------------

# page -> the personas who may open it for a People Ops system
WRITERS = {
    "registry:system_edit": {"admin", "owner"},
    # The owner proposes; the RACI's reviewers decide. Administrators do neither.
    "registry:system_classify": {"owner", "safety", "engmanager", "ciso"},
    "registry:system_ai_act": {"admin", "owner", "legal", "dpo", "safety"},
}


@pytest.mark.parametrize("name", sorted(WRITERS))
@pytest.mark.parametrize("who", EVERYONE)
def test_write_pages_open_only_to_their_roles(client, personas, name, who):
    people_ops_system(personas)
    expected = 200 if who in WRITERS[name] else 403
    url = reverse(name, args=["SYS-001"])
    assert status_of(client, getattr(personas, who), url) == expected


@pytest.mark.parametrize("who", EVERYONE)
def test_only_administrators_the_ciso_and_product_owners_register_systems(client, personas, who):
    # The CISO registers systems that already run, at their real stage (DOMAIN.md 4).
    expected = 200 if who in {"admin", "ciso", "owner", "owner2"} else 403
    assert status_of(client, getattr(personas, who), reverse("registry:system_create")) == expected


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_auditor_posting_to_a_write_page_gets_403_and_nothing_changes(client, personas, name):
    system = people_ops_system(personas)
    client.force_login(personas.auditor)
    response = client.post(reverse(name, args=["SYS-001"]), {"name": "Changed", **HIRING_SCREENER})
    assert response.status_code == 403
    system.refresh_from_db()
    assert (system.name, system.risk_tier, system.ai_act_category) == (
        "Resume screener",
        "",
        "unassessed",
    )


def test_auditor_posting_a_new_system_gets_403(client, personas):
    client.force_login(personas.auditor)
    response = client.post(
        reverse("registry:system_create"),
        {"system_id": "SYS-002", "name": "X", "description": "Y", "lifecycle_stage": "conception"},
    )
    assert response.status_code == 403


def test_auditor_cannot_change_a_control(client, personas):
    system = classified_system(personas)
    control = system.controls.first()
    client.force_login(personas.auditor)
    url = reverse("registry:control_update", args=["SYS-001", control.pk])
    response = client.post(url, {f"control-{control.pk}-status": "implemented"})
    assert response.status_code == 403
    control.refresh_from_db()
    assert control.status == "missing"


def test_product_owner_of_another_team_gets_403_editing(client, personas):
    people_ops_system(personas)
    client.force_login(personas.owner2)
    url = reverse("registry:system_edit", args=["SYS-001"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Taken over"}).status_code == 403


def test_write_buttons_show_only_to_those_who_may_use_them(client, personas):
    people_ops_system(personas)
    url = reverse("registry:system_detail", args=["SYS-001"])
    client.force_login(personas.owner)
    owner_page = client.get(url).content.decode()
    client.force_login(personas.auditor)
    auditor_page = client.get(url).content.decode()
    for name in ("system_edit", "system_classify", "system_ai_act"):
        link = reverse(f"registry:{name}", args=["SYS-001"])
        assert link in owner_page
        assert link not in auditor_page


def test_a_system_id_that_cannot_exist_is_a_404_on_every_page(client, personas):
    people_ops_system(personas)
    client.force_login(personas.admin)
    for path in ("/systems/SYS-001%00/", "/systems/%00/edit/", "/systems/SYS-001;/classify/"):
        assert client.get(path).status_code == 404, path


def test_auditors_reach_the_systems_audit_trail_from_its_page(client, personas):
    classified_system(personas)
    url = reverse("registry:system_detail", args=["SYS-001"])
    trail = "/audit/?object_name=SYS-001"
    client.force_login(personas.owner)
    assert trail not in client.get(url).content.decode()
    client.force_login(personas.auditor)
    assert trail in client.get(url).content.decode()
    trail_page = client.get(trail).content.decode()
    assert '<span title="system.classified">Classified a system</span>' in trail_page


def test_register_link_shows_only_to_those_who_may_register(client, personas):
    create = reverse("registry:system_create")
    client.force_login(personas.owner)
    assert create in client.get(reverse("registry:system_list")).content.decode()
    client.force_login(personas.auditor)
    assert create not in client.get(reverse("registry:system_list")).content.decode()


# --- home -------------------------------------------------------------------------------


def test_home_sends_members_to_what_waits_for_them(client, personas):
    # Board members land on the board's page instead (tests/governance/test_board_pages.py).
    client.force_login(personas.owner)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:waiting_for_me")


def test_signing_in_lands_on_what_waits_for_the_person(client, personas):
    response = client.post(
        reverse("account_login"), {"login": personas.owner.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("core:waiting_for_me")
    assert "Waiting for me" in response.content.decode()


def test_home_tells_someone_without_a_role_why_they_see_nothing(client, personas):
    client.force_login(personas.outsider)
    response = client.get("/")
    assert response.status_code == 200
    assert b"do not hold a role" in response.content
