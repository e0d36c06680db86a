from django.db import migrations


def load_library(apps, schema_editor):
    from registry.data import install_control_library

    install_control_library(apps.get_model("registry", "ControlDefinition"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load_library, migrations.RunPython.noop)]
