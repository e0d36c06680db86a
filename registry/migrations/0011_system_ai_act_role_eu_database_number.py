"""Each system records our role under the AI Act (provider, deployer or both: DOMAIN.md
2.2) and its EU database registration number, which the serious-incident report names
(or says "not registered")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_system_vendor_products")]

    operations = [
        migrations.AddField(
            model_name="aisystem",
            name="ai_act_role",
            field=models.CharField(
                choices=[
                    ("provider", "Provider"),
                    ("deployer", "Deployer"),
                    ("both", "Provider and deployer"),
                ],
                default="provider",
                max_length=10,
                verbose_name="our role under the AI Act",
                help_text="Provider: we develop it (or have it developed) and put it into "
                "service under our name; deployer: we use someone else's system under our "
                "authority.",
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="aisystem",
            name="eu_database_number",
            field=models.CharField(
                blank=True,
                max_length=40,
                verbose_name="EU database registration number",
                help_text="The number the EU database (Art. 49) gave the system; blank if it is "
                "not registered.",
            ),  # fmt: skip
        ),
    ]
