"""The board's trend reads the risks' changes of level and status from the audit trail
(governance.selectors.board.trend_for): a partial index on core's table holds just those
events, so the read stays small when the trail holds millions of others (issue 21).
Declared here, by the app whose query it serves; core's model does not name it."""

from django.db import migrations

INDEX = "audit_risk_trend"


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_audit_packs"),
        ("core", "0016_scale_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON core_auditevent (at) "
            "WHERE object_type = 'governance.risk' "
            "AND (changes ? 'residual_level' OR changes ? 'status')",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
