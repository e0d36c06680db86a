"""Issue 15, section 4: every change of a person's identity is an audit event with actor
and account, and an e-mail address counts for nothing until its owner confirms it.

Found: a password set by an administrator (/admin/core/user/<id>/password/) or changed
by its owner left no audit event; a new login address was unverified and unaudited.
"""

import importlib
import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.test import Client
from django.urls import reverse

from core.audit import audit_record
from core.models import AuditEvent, User
from core.permissions import CONSOLE
from core.services import user_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
NEW_PASSWORD = "a-Long-new-passphrase-42"


def signed_in(user, password=PASSWORD) -> Client:
    """Signed in through allauth's login page, as a person does (allauth then knows
    they authenticated just now, and asks for no password again)."""
    client = Client()
    response = client.post(LOGIN, {"login": user.email, "password": password})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    return client


def events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def the_event(action: str, *, actor, person) -> AuditEvent:
    [event] = events(action)
    assert (event.actor, event.object_type, event.object_id) == (actor, "core.user", str(person.pk))
    assert event.changes["person"] == person.display_name
    return event


@pytest.fixture
def staff_admin(personas):
    personas.admin.is_staff = True
    personas.admin.save()
    return personas.admin


def test_an_administrator_setting_a_password_is_recorded(private_cache, personas, staff_admin):
    """Input: the admin sets the DPO's password at /admin/core/user/<id>/password/.
    Expected: one 'password.set_by_admin' event, actor the admin, object the DPO, no
    secret in it. Got before the fix: no event at all."""
    client = Client()
    client.force_login(staff_admin, backend="core.backends.PortalModelBackend")
    url = reverse("admin:auth_user_password_change", args=[personas.dpo.pk])
    response = client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    personas.dpo.refresh_from_db()
    assert personas.dpo.check_password(NEW_PASSWORD)
    event = the_event("password.set_by_admin", actor=staff_admin, person=personas.dpo)
    assert event.changes["password_sign_in"] == "enabled"
    assert NEW_PASSWORD not in str(event.changes) and "pbkdf2" not in str(event.changes)


def test_a_refused_admin_password_form_records_nothing(private_cache, personas, staff_admin):
    client = Client()
    client.force_login(staff_admin, backend="core.backends.PortalModelBackend")
    url = reverse("admin:auth_user_password_change", args=[personas.dpo.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": "different"})
    assert response.status_code == 200
    assert events("password.set_by_admin") == []


def test_changing_ones_own_password_is_recorded(private_cache, personas):
    """Got before the fix: /accounts/password/change/ left no audit event."""
    client = signed_in(personas.owner)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    the_event("password.changed", actor=personas.owner, person=personas.owner)


def test_a_password_reset_by_its_mailed_link_is_recorded(client, personas, mailoutbox):
    client.post("/accounts/password/reset/", {"email": personas.dpo.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    the_event("password.reset", actor=personas.dpo, person=personas.dpo)


def test_a_new_address_counts_once_confirmed_and_each_step_is_recorded(
    private_cache, personas, mailoutbox
):
    """Add an address: unverified, not usable to sign in, not the login address. Confirm
    it from the mail: verified; make it the login address; remove the old one. Four
    events naming the person."""
    owner = personas.owner
    client = signed_in(owner)
    client.post("/accounts/email/", {"action_add": "", "email": "olivia@example.org"})
    added = the_event("email.added", actor=owner, person=owner)
    assert added.changes == {
        "person": owner.display_name,
        "account": owner.pk,
        "address": "olivia@example.org",
        "verified": False,
    }
    refused = Client().post(LOGIN, {"login": "olivia@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in refused.wsgi_request.session

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)
    assert client.post(link.group(1)).status_code == 302
    assert EmailAddress.objects.get(email="olivia@example.org").verified
    the_event("email.verified", actor=owner, person=owner)

    client.post("/accounts/email/", {"action_primary": "", "email": "olivia@example.org"})
    owner.refresh_from_db()
    assert owner.email == "olivia@example.org"
    changed = the_event("email.primary_changed", actor=owner, person=owner)
    assert (changed.changes["from"], changed.changes["to"]) == (
        "owner@example.com",
        "olivia@example.org",
    )
    client.post("/accounts/email/", {"action_remove": "", "email": "owner@example.com"})
    the_event("email.removed", actor=owner, person=owner)


def test_an_unverified_address_never_becomes_the_login_address(private_cache, personas):
    """Got before the fix: made primary at once, with no event."""
    owner = personas.owner
    client = signed_in(owner)
    client.post("/accounts/email/", {"action_add": "", "email": "ciso@example.com.evil"})
    client.post("/accounts/email/", {"action_primary": "", "email": "ciso@example.com.evil"})
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    refused = the_event("email.primary_refused", actor=owner, person=owner)
    assert refused.changes["address"] == "ciso@example.com.evil"


def current_totp(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_two_factor_activation_codes_and_deactivation_are_recorded(
    private_cache, personas, django_capture_on_commit_callbacks
):
    """allauth sends its signal for a new factor once the transaction commits."""
    ciso = personas.ciso
    client = signed_in(ciso)
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if "Confirm it is you" in page.content.decode():  # allauth asks for the password again
        client.post(page.redirect_chain[-1][0], {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    secret = html.split('id="authenticator_secret" type="text" class="mono" value="')[1]
    secret = secret.split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert response.status_code == 302
    assert the_event("mfa.activated", actor=ciso, person=ciso).changes["factor"] == "totp"

    client.post(reverse("mfa_generate_recovery_codes"))
    [codes] = events("mfa.recovery_codes_generated")
    assert (codes.actor, codes.changes["factor"]) == (ciso, "recovery_codes")

    client.post(reverse("mfa_deactivate_totp"))  # the recovery codes go with the last factor
    gone = events("mfa.deactivated")
    assert {(e.actor, e.object_id, e.changes["factor"]) for e in gone} == {
        (ciso, str(ciso.pk), "totp"),
        (ciso, str(ciso.pk), "recovery_codes"),
    }


def test_an_account_an_administrator_creates_signs_in_without_a_confirmation_mail(
    client, personas, private_cache, mailoutbox
):
    person = user_create(actor=personas.admin, email="new.hire@example.com", password=PASSWORD)
    address = EmailAddress.objects.get(user=person)
    assert (address.email, address.verified, address.primary) == (person.email, True, True)
    client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(person.pk)
    assert mailoutbox == []


def test_an_administrator_changing_an_address_vouches_for_it(private_cache, personas, staff_admin):
    client = Client()
    client.force_login(staff_admin, backend="core.backends.PortalModelBackend")
    legal = personas.legal
    form = {
        "email": "legal.counsel@example.com",
        "full_name": legal.full_name,
        "time_zone": legal.time_zone,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:core_user_change", args=[legal.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    address = EmailAddress.objects.get(user=legal, primary=True)
    assert (address.email, address.verified) == ("legal.counsel@example.com", True)
    changed = AuditEvent.objects.get(action="user.changed", object_id=str(legal.pk))
    assert (changed.actor, changed.changes["email"]) == (staff_admin, "legal.counsel@example.com")


def test_the_migration_vouches_for_administrators_addresses_only(personas):
    """Existing accounts: an address with no allauth row, or the one the audit trail
    recorded an administrator giving, becomes verified; a self-claimed unverified login
    address stays unverified (its owner confirms it at the next sign-in)."""
    migration = importlib.import_module("core.migrations.0010_account_addresses_verified")
    untouched = User.objects.create(email="untouched@example.com")
    given = User.objects.create(email="given@example.com")
    audit_record(actor=CONSOLE, action="user.created", obj=given, changes={"email": given.email})
    EmailAddress.objects.create(user=given, email=given.email, verified=False, primary=True)
    claimed = User.objects.create(email="security-oncall@example.com")
    audit_record(
        actor=CONSOLE, action="user.created", obj=claimed, changes={"email": "mallory@example.com"}
    )
    EmailAddress.objects.create(user=claimed, email="mallory@example.com", verified=False)
    EmailAddress.objects.create(user=claimed, email=claimed.email, verified=False, primary=True)
    migration.vouch(apps, None)
    assert EmailAddress.objects.get(user=untouched).verified
    assert EmailAddress.objects.get(user=given).verified
    assert not EmailAddress.objects.filter(user=claimed, verified=True).exists()
