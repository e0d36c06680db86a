"""The board's reads of open risks from indexes alone at an enterprise's size (issue 21,
bench/scale.py: 50,000 risks): both heat maps' cells in one pass over a covering index,
the "due for review" count, and the trend's open high and critical risks by creation.
Partial (open risks only), so they stay as small as the open part of the register."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_audit_risk_trend_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="risk",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=[
                    "residual_likelihood",
                    "residual_impact",
                    "inherent_likelihood",
                    "inherent_impact",
                ],
                name="risk_open_cells",
            ),
        ),
        migrations.AddIndex(
            model_name="risk",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["next_review"],
                name="risk_open_review",
            ),
        ),
        migrations.AddIndex(
            model_name="risk",
            index=models.Index(
                condition=models.Q(
                    ("residual_level__in", ["high", "critical"]), ("status", "open")
                ),
                fields=["created_at"],
                include=("id",),
                name="risk_open_high_created",
            ),
        ),
    ]
