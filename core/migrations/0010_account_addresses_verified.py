"""Sign-in now needs a verified address (ACCOUNT_EMAIL_VERIFICATION mandatory): each
account's address that an administrator gave it becomes its verified login address.

An address counts as given by an administrator when the account has no allauth address
rows yet (never changed in /accounts/email/), when allauth already holds it verified, or
when it is the address the audit trail last recorded for the account's creation or an
administrator's change. Any other current address (one a person typed into their own
profile and made primary, unverified) is left unverified: its owner confirms it from
its mailbox at the next sign-in.
"""

from django.db import migrations


def _given_by_administrator(AuditEvent, user) -> str:
    events = AuditEvent.objects.filter(
        object_type="core.user", object_id=str(user.pk), action__in=["user.created", "user.changed"]
    ).order_by("-seq")
    for event in events.only("changes"):
        address = (event.changes or {}).get("email")
        if address:
            return str(address).lower()
    return ""


def vouch(apps, schema_editor):
    User = apps.get_model("core", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for user in User.objects.all().iterator():
        rows = EmailAddress.objects.filter(user_id=user.pk)
        current = rows.filter(email__iexact=user.email).first()
        if current is None and not rows.exists():
            EmailAddress.objects.create(
                user_id=user.pk, email=user.email, verified=True, primary=True
            )
            continue
        vouched = (current is not None and current.verified) or (
            _given_by_administrator(AuditEvent, user) == user.email.lower()
        )
        if not vouched:
            continue
        rows.exclude(email__iexact=user.email).update(primary=False)
        if current is None:
            EmailAddress.objects.create(
                user_id=user.pk, email=user.email, verified=True, primary=True
            )
        else:
            current.verified, current.primary = True, True
            current.save(update_fields=["verified", "primary"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_organisation_profile"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(vouch, migrations.RunPython.noop)]
