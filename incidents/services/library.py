"""Loading the shipped defaults: the playbook (incidents/data/playbook.yaml) and SLA
policy version 1 (DOMAIN.md 6's table, incidents.rules.DEFAULT_SLA_MINUTES). Used by
data migration 0002 and by tests that run on a flushed database."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings

from incidents import rules

PLAYBOOK_FILE = Path(__file__).resolve().parent.parent / "data" / "playbook.yaml"


def shipped_playbook() -> list[dict]:
    """The playbook's items as rows: phase, type, severity, text, order."""
    with PLAYBOOK_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    items = []
    for phase in ("immediate", "containment"):
        for type_, texts in data[phase].items():
            items += [
                {"phase": phase, "type": type_, "severity": "", "text": text, "order": n}
                for n, text in enumerate(texts)
            ]
    for severity, texts in data["by_severity"].items():
        items += [
            {"phase": "immediate", "type": "", "severity": severity, "text": t, "order": 100 + n}
            for n, t in enumerate(texts)
        ]
    return items


def install_playbook(item_model) -> int:
    """Create the shipped items unless the playbook has any (never overwrite edits)."""
    if item_model.objects.exists():
        return 0
    return len(item_model.objects.bulk_create(item_model(**i) for i in shipped_playbook()))


def holiday_country() -> str:
    """The country whose public holidays are not business days: the
    INCIDENT_HOLIDAY_COUNTRY setting (ISO 3166 code, default "DE")."""
    return getattr(settings, "INCIDENT_HOLIDAY_COUNTRY", "DE")


def default_sla_policy(policy_model):
    """Version 1, unsaved: DOMAIN.md 6's defaults and the configured holiday country."""
    return policy_model(
        version=1,
        minutes={
            s: {k: m for k, m in clocks.items()} for s, clocks in rules.DEFAULT_SLA_MINUTES.items()
        },
        business_day_severities=list(rules.DEFAULT_BUSINESS_DAYS),
        holiday_country=holiday_country(),
        warn_fractions=list(rules.DEFAULT_WARN_FRACTIONS),
        gdpr_warn_hours=rules.DEFAULT_GDPR_WARN_HOURS,
    )


def install_sla_policy(policy_model) -> bool:
    """Create version 1 with DOMAIN.md 6's defaults unless a policy exists."""
    if policy_model.objects.exists():
        return False
    default_sla_policy(policy_model).save(force_insert=True)
    return True
