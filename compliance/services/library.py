"""The shipped library (compliance/data/): every framework file and crosswalk file,
installed by the data migration and by `manage.py load_frameworks`. A framework version
already in the library is left as it is; a new one (a release's) becomes current."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from compliance.choices import FrameworkSource
from compliance.models import Framework
from compliance.rules.library import crosswalk_from_dict, framework_from_dict
from compliance.services.frameworks import crosswalk_store, framework_store, known_kinds

DATA = Path(__file__).resolve().parent.parent / "data"


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@transaction.atomic
def library_install() -> list[str]:
    """Install the shipped frameworks and crosswalks that are missing; the names of
    what was installed."""
    installed = []
    shipped_kinds = known_kinds(with_details=False)
    for path in sorted((DATA / "frameworks").glob("*.yaml")):
        data = framework_from_dict(_read(path))
        if Framework.objects.filter(key=data.key, version=data.version).exists():
            continue
        # The files' details are checked against the shipped registry data by
        # tests/compliance/test_data_files.py; a migration may run before an emptied
        # database has its control library back, so only the kinds are checked here.
        framework = framework_store(
            actor=None, data=data, source=FrameworkSource.SHIPPED, kinds=shipped_kinds
        )
        installed.append(str(framework))
    for path in sorted((DATA / "crosswalks").glob("*.yaml")):
        if crosswalk_store(actor=None, data=crosswalk_from_dict(_read(path)), origin="shipped"):
            installed.append(path.stem)
    return installed
