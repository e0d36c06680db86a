"""The facts the notifications carry (GDPR Art. 33(3): records of their own, categories,
likely consequences, measures; Art. 34: what people can do; AI Act Art. 73: the causal
link), and the Art. 73 final report as a phase."""

import django.core.validators
from django.db import migrations, models


def _text(verbose_name, help_text):
    return models.TextField(
        blank=True, help_text=help_text, verbose_name=verbose_name,
        validators=[django.core.validators.MaxLengthValidator(20000)],
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_awareness_moments_breach_nature_gdpr_no_risk")]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="affected_records_estimate",
            field=models.PositiveIntegerField(
                blank=True,
                null=True,
                verbose_name="personal data records affected (estimate)",
                help_text="How many records (rows, files, messages) of personal data; blank if "
                "not yet known.",
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="incident",
            name="data_subject_categories",
            field=models.CharField(
                blank=True,
                max_length=500,
                verbose_name="categories of people affected",
                help_text="e.g. job applicants, customers, employees, children.",
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="incident",
            name="personal_data_categories",
            field=models.CharField(
                blank=True,
                max_length=500,
                verbose_name="categories of personal data",
                help_text="e.g. names, e-mail addresses, CVs, health data (say if special "
                "categories).",
            ),  # fmt: skip
        ),
        migrations.AddField(
            model_name="incident",
            name="likely_consequences",
            field=_text(
                "likely consequences",
                "What may happen to the people affected: e.g. identity theft, "
                "discrimination, loss of confidentiality, financial loss, distress.",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="measures_taken",
            field=_text(
                "measures taken or proposed",
                "What was done or is proposed to address the incident and to mitigate its "
                "possible adverse effects.",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="advice_to_people",
            field=_text(
                "what the people affected can do",
                "For the notice to people: e.g. watch for messages that mention this "
                "incident, change a password, contact their bank.",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="causal_link",
            field=_text(
                "causal link with the AI system",
                "For the AI Act report: how far the AI system caused or contributed to the "
                "incident, as far as known.",
            ),
        ),
        migrations.AlterField(
            model_name="incidentnotification",
            name="phase",
            field=models.CharField(
                choices=[
                    ("initial", "Initial report"),
                    ("follow_up", "Follow-up"),
                    ("final", "Final report"),
                ],
                default="initial",
                max_length=12,
            ),  # fmt: skip
        ),
    ]
