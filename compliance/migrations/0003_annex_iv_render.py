import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0002_shipped_library"),
        ("registry", "0016_system_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AnnexIvRender",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("requested_at", models.DateTimeField()),
                ("status", models.CharField(choices=[("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")], default="queued", max_length=10)),
                ("progress", models.PositiveSmallIntegerField(default=0, help_text="0 to 100.")),
                ("stage", models.CharField(blank=True, default="", max_length=100)),
                ("error", models.TextField(blank=True, default="", help_text="Why it failed, in words.")),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("running_until", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("pdf", models.BinaryField(blank=True, default=b"", editable=False)),
                ("size", models.PositiveBigIntegerField(blank=True, help_text="Bytes.", null=True)),
                ("pages", models.PositiveIntegerField(blank=True, null=True)),
                ("sha256", models.CharField(blank=True, default="", max_length=64, verbose_name="SHA-256")),
                ("gaps", models.PositiveIntegerField(blank=True, help_text="Gaps it lists.", null=True)),
                ("requested_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("system", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="annex_iv_renders", to="registry.aisystem")),
            ],
            options={
                "ordering": ["-requested_at", "-id"],
                "indexes": [models.Index(fields=["system", "-requested_at"], name="annex_iv_latest")],
                "constraints": [models.CheckConstraint(condition=models.Q(("progress__lte", 100)), name="annex_iv_progress_0_100")],
            },
        ),
    ]
