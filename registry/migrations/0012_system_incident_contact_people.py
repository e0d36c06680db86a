"""Incident contacts become accounts: a person or a team (issue 15, section 4).

An incident contact's rights came from matching a free-text address against login
addresses, which anyone could change. Each system's text is matched once, here, to the
active account holding it as a verified address; without one it stays as an address
shown to people, which grants nothing.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def contacts_to_accounts(apps, schema_editor):
    AISystem = apps.get_model("registry", "AISystem")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for system in AISystem.objects.exclude(incident_contact="").iterator():
        address = system.incident_contact.strip()
        holder = (
            EmailAddress.objects.filter(email__iexact=address, verified=True, user__is_active=True)
            .order_by("pk")
            .first()
        )
        if holder is not None:
            system.incident_contact_user_id = holder.user_id
            system.save(update_fields=["incident_contact_user"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_account_addresses_verified"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("registry", "0011_system_ai_act_role_eu_database_number"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="aisystem",
            name="incident_contact_team",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="incident_contact_for",
                to="core.team",
                verbose_name="incident contact (team)",
            ),
        ),
        migrations.AddField(
            model_name="aisystem",
            name="incident_contact_user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="incident_contact_for",
                to=settings.AUTH_USER_MODEL,
                verbose_name="incident contact (person)",
            ),
        ),
        migrations.AlterField(
            model_name="aisystem",
            name="incident_contact",
            field=models.CharField(
                blank=True, max_length=254, verbose_name="incident contact address (shown only)"
            ),
        ),
        migrations.RunPython(contacts_to_accounts, migrations.RunPython.noop),
    ]
