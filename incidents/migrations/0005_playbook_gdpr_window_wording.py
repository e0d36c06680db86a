"""The privacy playbook's GDPR action said the 72-hour window "starts now"; it runs from
when the organisation became aware that personal data was affected (DOMAIN.md 6). The
shipped item (unless an administrator edited it) and the unticked copies on incidents'
checklists get the true wording; an edited item and ticked copies are left as they are."""

from django.db import migrations

OLD = "The GDPR 72-hour window starts now if EU residents are affected."
NEW = (
    "If EU residents are affected, notify the supervisory authority within 72 hours from "
    "when the organisation became aware that personal data was affected (GDPR Art. 33)."
)


def reword(apps, _schema_editor):
    apps.get_model("incidents", "PlaybookItem").objects.filter(text=OLD).update(text=NEW)
    checklist = apps.get_model("incidents", "ChecklistItem").objects
    checklist.filter(text=OLD, done_at__isnull=True).update(text=NEW)


def restore(apps, _schema_editor):
    apps.get_model("incidents", "PlaybookItem").objects.filter(text=NEW).update(text=OLD)
    checklist = apps.get_model("incidents", "ChecklistItem").objects
    checklist.filter(text=NEW, done_at__isnull=True).update(text=OLD)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_notification_facts_and_final_report")]
    operations = [migrations.RunPython(reword, restore)]
