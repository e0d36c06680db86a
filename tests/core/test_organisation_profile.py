"""The organisation profile (DOMAIN.md 13): one row, its rule of missing items, the
audited service and the administrators' page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent, OrganisationProfile
from core.rules import organisation_missing
from core.selectors import organisation_profile_get
from core.services import organisation_profile_update
from tests.factories import ORGANISATION_FILLED, organisation_profile

URL = "/organisation/"


# --- the rule (pure: an unsaved profile will do) ---


def test_missing_items_are_named_in_words_in_the_order_asked():
    profile = OrganisationProfile(legal_name="Example GmbH", dpo_name="  ")
    got = organisation_missing(profile, ["dpo_email", "legal_name", "dpo_name"])
    assert got == ["data protection officer's e-mail", "data protection officer"]


def test_nothing_is_missing_from_a_filled_profile():
    profile = OrganisationProfile(**ORGANISATION_FILLED)
    assert organisation_missing(profile, list(ORGANISATION_FILLED)) == []


# --- the selector ---


@pytest.mark.django_db
def test_the_profile_is_created_once_with_the_settings_zone_and_holidays(settings):
    settings.ORGANISATION_TIME_ZONE = "Europe/Vienna"
    settings.INCIDENT_HOLIDAY_COUNTRY = "AT"
    first = organisation_profile_get()
    again = organisation_profile_get()
    assert (first.pk, again.pk) == (1, 1)
    assert OrganisationProfile.objects.count() == 1
    assert (again.time_zone, again.holiday_country, again.legal_name) == ("Europe/Vienna", "AT", "")


# --- the service ---


def test_an_administrator_changes_the_profile_and_the_trail_records_it(personas):
    organisation_profile_update(actor=personas.admin, legal_name="Example GmbH", dpo_name="Dana")
    profile = OrganisationProfile.objects.get()
    assert (profile.legal_name, profile.dpo_name) == ("Example GmbH", "Dana")
    event = AuditEvent.objects.filter(action="organisation.updated").get()
    assert event.actor_id == personas.admin.pk
    assert event.changes["legal_name"] == ["", "Example GmbH"]


@pytest.mark.parametrize("who", ["dpo", "board", "responder", "outsider"])
def test_nobody_but_an_administrator_changes_the_profile(personas, who):
    with pytest.raises(PermissionDenied):
        organisation_profile_update(actor=getattr(personas, who), legal_name="Mine")
    assert organisation_profile_get().legal_name == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"establishment_country": "XX"}, "establishment_country"),
        ({"holiday_country": "DE", "holiday_subdivision": "ZZ"}, "holiday_subdivision"),
        ({"holiday_country": "", "holiday_subdivision": "BY"}, "holiday_subdivision"),
        ({"dpo_email": "not an address"}, "dpo_email"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_items_are_refused_naming_the_field_and_nothing_is_saved(personas, changes, field):
    with pytest.raises(ValidationError) as refused:
        organisation_profile_update(actor=personas.admin, legal_name="Saved?", **changes)
    assert field in refused.value.message_dict
    assert organisation_profile_get().legal_name == ""
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_a_region_of_the_country_is_accepted(personas):
    organisation_profile_update(
        actor=personas.admin,
        holiday_country="US",
        holiday_subdivision="NY",
        time_zone="America/New_York",
    )
    profile = organisation_profile_get()
    assert (profile.holiday_country, profile.holiday_subdivision) == ("US", "NY")


# --- the page ---


def test_the_administrator_saves_the_profile_on_its_page(personas, client_for):
    client = client_for(personas.admin)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Name of the DPO, as given in GDPR notifications" in page.content.decode()
    form = {**ORGANISATION_FILLED, "establishment_country": "de", "holiday_subdivision": "BY"}
    response = client.post(URL, form)
    assert response.status_code == 302
    profile = organisation_profile_get()
    assert (profile.legal_name, profile.establishment_country) == ("Example Marketplace GmbH", "DE")
    assert profile.holiday_subdivision == "BY"
    assert AuditEvent.objects.filter(action="organisation.updated", actor=personas.admin).exists()


def test_the_page_refuses_a_bad_time_zone_naming_the_field(personas, client_for):
    response = client_for(personas.admin).post(URL, {**ORGANISATION_FILLED, "time_zone": "Nowhere"})
    assert response.status_code == 400
    assert "Nowhere is not one of the available choices" in response.content.decode()
    assert organisation_profile_get().legal_name == ""


def test_a_member_reads_the_profile_but_cannot_post_it(personas, client_for):
    organisation_profile()
    client = client_for(personas.dpo)
    page = client.get(URL).content.decode()
    assert "Example Marketplace GmbH" in page
    assert "Save the profile" not in page
    assert client.post(URL, {**ORGANISATION_FILLED, "legal_name": "Hijacked"}).status_code == 403
    assert organisation_profile_get().legal_name == "Example Marketplace GmbH"


def test_someone_without_a_role_does_not_see_the_profile(personas, client_for):
    assert client_for(personas.outsider).get(URL).status_code == 403


def test_the_django_admin_changes_the_profile_through_the_audited_service(personas, client):
    """The admin is no back door: a change there is an 'organisation.updated' event."""
    admin = personas.admin
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/core/organisationprofile/").status_code == 200
    form = {**ORGANISATION_FILLED, "legal_name": "Changed in the admin GmbH"}
    response = client.post("/admin/core/organisationprofile/1/change/", form)
    assert response.status_code == 302
    assert organisation_profile_get().legal_name == "Changed in the admin GmbH"
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.actor_id == admin.pk
    assert event.changes["legal_name"] == ["", "Changed in the admin GmbH"]
    assert client.get("/admin/core/organisationprofile/add/").status_code == 403
