from django.db import migrations


def install(apps, schema_editor):
    # The shipped frameworks and crosswalks (compliance/data/), through the same service
    # an administrator's import uses, so the files are checked the same way.
    # This runs today's models, not the historical ones: a later migration adding a
    # column to compliance's models must give it a database default (db_default).
    from compliance.services.library import library_install

    library_install()


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0001_initial"),
        ("registry", "0016_system_changes"),
        ("cards", "0002_card_new_version_needed"),
        ("incidents", "0006_review_and_notification_evidence"),
        ("governance", "0003_audit_packs"),
        ("vendors", "0003_assessment_personal_data_and_remediation_done"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
