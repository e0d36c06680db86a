from django.db import migrations

from incidents.services.library import install_playbook, install_sla_policy


def install(apps, _schema_editor):
    install_playbook(apps.get_model("incidents", "PlaybookItem"))
    install_sla_policy(apps.get_model("incidents", "SlaPolicy"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
