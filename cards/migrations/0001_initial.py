"""Models, cards, datasets and their versions; the database keeps decided versions as
they are.

A trigger on each version table (like the audit trail's, core 0002) refuses:
- any UPDATE of an approved or superseded row that changes a column other than
  `status`, and any status change but approved -> superseded;
- DELETE of an approved or superseded row.
Drafts and versions in review are updated and deleted freely. The whole row is
compared (to_jsonb minus status), so a column added later is covered too.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION cards_version_keep_decided() RETURNS trigger AS $$
BEGIN
    IF OLD.status NOT IN ('approved', 'superseded') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status')
       AND (NEW.status = OLD.status OR (OLD.status = 'approved' AND NEW.status = 'superseded'))
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a decided version is never changed: % of a % row of % is not allowed',
        TG_OP, OLD.status, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cards_modelcardversion_keep_decided
    BEFORE UPDATE OR DELETE ON cards_modelcardversion
    FOR EACH ROW EXECUTE FUNCTION cards_version_keep_decided();

CREATE TRIGGER cards_datasheetversion_keep_decided
    BEFORE UPDATE OR DELETE ON cards_datasheetversion
    FOR EACH ROW EXECUTE FUNCTION cards_version_keep_decided();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS cards_datasheetversion_keep_decided ON cards_datasheetversion;
DROP TRIGGER IF EXISTS cards_modelcardversion_keep_decided ON cards_modelcardversion;
DROP FUNCTION IF EXISTS cards_version_keep_decided();
"""


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0013_session_token_db_default'),
        ('registry', '0014_gate_request_draft'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AIModel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(max_length=80)),
                ('name', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(10000)])),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('system', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ai_models', to='registry.aisystem')),
            ],
            options={
                'verbose_name': 'AI model',
                'ordering': ['system_id', 'key'],
            },
        ),
        migrations.CreateModel(
            name='Dataset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(max_length=80, unique=True)),
                ('name', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(10000)])),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner_team', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='datasets', to='core.team')),
            ],
            options={
                'ordering': ['key'],
            },
        ),
        migrations.CreateModel(
            name='DatasheetVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved'), ('superseded', 'Superseded')], default='draft', max_length=12)),
                ('content', models.JSONField(blank=True, default=dict)),
                ('changelog', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(10000)])),
                ('content_hash', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('approved_at', models.DateTimeField(blank=True, null=True)),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('dataset', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='cards.dataset')),
            ],
            options={
                'ordering': ['dataset_id', '-number'],
            },
        ),
        migrations.CreateModel(
            name='ModelCard',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('model', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='card', to='cards.aimodel')),
            ],
        ),
        migrations.CreateModel(
            name='ModelCardVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('approved', 'Approved'), ('superseded', 'Superseded')], default='draft', max_length=12)),
                ('content', models.JSONField(blank=True, default=dict)),
                ('changelog', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(10000)])),
                ('content_hash', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision_note', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(10000)])),
                ('card', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='cards.modelcard')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['card_id', '-number'],
            },
        ),
        migrations.AddConstraint(
            model_name='aimodel',
            constraint=models.UniqueConstraint(fields=('system', 'key'), name='aimodel_key_once_per_system'),
        ),
        migrations.AddConstraint(
            model_name='datasheetversion',
            constraint=models.UniqueConstraint(fields=('dataset', 'number'), name='datasheet_version_number_once'),
        ),
        migrations.AddConstraint(
            model_name='datasheetversion',
            constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='datasheet_version_number_from_1'),
        ),
        migrations.AddConstraint(
            model_name='datasheetversion',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'approved', 'superseded'])), name='datasheet_version_status_known'),
        ),
        migrations.AddConstraint(
            model_name='datasheetversion',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'draft')), fields=('dataset',), name='datasheet_one_draft'),
        ),
        migrations.AddConstraint(
            model_name='datasheetversion',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'approved')), fields=('dataset',), name='datasheet_one_approved'),
        ),
        migrations.AddConstraint(
            model_name='datasheetversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ('approved', 'superseded')), _negated=True), models.Q(('approved_at__isnull', False), ('approved_by__isnull', False), ('content_hash__regex', '^[0-9a-f]{64}$')), _connector='OR'), name='datasheet_version_approved_is_stamped'),
        ),
        migrations.AddConstraint(
            model_name='modelcardversion',
            constraint=models.UniqueConstraint(fields=('card', 'number'), name='card_version_number_once'),
        ),
        migrations.AddConstraint(
            model_name='modelcardversion',
            constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='card_version_number_from_1'),
        ),
        migrations.AddConstraint(
            model_name='modelcardversion',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'in_review', 'approved', 'superseded'])), name='card_version_status_known'),
        ),
        migrations.AddConstraint(
            model_name='modelcardversion',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ('draft', 'in_review'))), fields=('card',), name='card_one_open_version'),
        ),
        migrations.AddConstraint(
            model_name='modelcardversion',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'approved')), fields=('card',), name='card_one_approved_version'),
        ),
        migrations.AddConstraint(
            model_name='modelcardversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ('approved', 'superseded')), _negated=True), models.Q(('content_hash__regex', '^[0-9a-f]{64}$'), ('decided_at__isnull', False), ('decided_by__isnull', False)), _connector='OR'), name='card_version_approved_is_stamped'),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
