"""The shipped NIST AI RMF (MEASURE 2.5, 2.7) and EU AI Act (Art. 15) ask for a red-team
report too (issue 20: assurance's `red_team_report` evidence kind).

The frameworks' versions are the publications' ("1.0", "2024/1689"), which did not
change, so the files keep their versions and a database that installed them before
gets the new item here. The item is appended: acceptances name an item by its position,
so the positions of the items already there stay as they were. A database installed
from today's files already has it (0002 reads the files), and nothing changes then.
"""

from django.db import migrations

ITEMS = {
    ("nist-ai-rmf", "1.0"): {
        "MEASURE 2.5": "Red-team report (the latest completed exercise with its results)",
        "MEASURE 2.7": "Red-team report (the latest completed exercise with its results)",
    },
    ("eu-ai-act", "2024/1689"): {
        "Art. 15": "Red-team report (robustness against adversarial input)",
    },
}


def add_items(apps, schema_editor):
    Requirement = apps.get_model("compliance", "Requirement")
    for (key, version), labels in ITEMS.items():
        rows = Requirement.objects.filter(
            framework__key=key,
            framework__version=version,
            framework__source="shipped",
            ref_id__in=list(labels),
        )
        for requirement in rows:
            evidence = list(requirement.evidence or [])
            if any(item.get("kind") == "red_team_report" for item in evidence):
                continue
            evidence.append(
                {"kind": "red_team_report", "detail": "", "label": labels[requirement.ref_id]}
            )
            requirement.evidence = evidence
            requirement.save(update_fields=["evidence"])


def remove_items(apps, schema_editor):
    Requirement = apps.get_model("compliance", "Requirement")
    for (key, version), labels in ITEMS.items():
        rows = Requirement.objects.filter(
            framework__key=key, framework__version=version, ref_id__in=list(labels)
        )
        for requirement in rows:
            kept = [i for i in requirement.evidence or [] if i.get("kind") != "red_team_report"]
            if len(kept) != len(requirement.evidence or []):
                requirement.evidence = kept
                requirement.save(update_fields=["evidence"])


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_annex_iv_render")]

    operations = [migrations.RunPython(add_items, remove_items)]
