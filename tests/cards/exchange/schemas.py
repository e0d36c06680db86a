"""The official checks each export must pass: CycloneDX's 1.6 JSON schema (shipped with
cyclonedx-python-lib) and SPDX 3.0.1's model (spdx-python-model, generated from SPDX's
SHACL shapes: types, enumerations, required and counted properties, references)."""

from __future__ import annotations

import io
import json

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from spdx_python_model import load_data

CYCLONEDX_1_6 = JsonStrictValidator(SchemaVersion.V1_6)
# What SPDX's AI profile asks of every AIPackage besides the class's own shape.
AI_PACKAGE_REQUIRED = (
    "releaseTime",
    "suppliedBy",
    "software_packageVersion",
    "software_downloadLocation",
    "software_primaryPurpose",
)


def cyclonedx_problem(bom: dict) -> str | None:
    """None when the BOM is valid CycloneDX 1.6; else the schema's complaint."""
    error = CYCLONEDX_1_6.validate_str(json.dumps(bom))
    return None if error is None else str(error)


def spdx_objects(document: dict):
    """The SPDX model's reading of the document: raises on a wrong type, an unknown
    enumeration value, a missing required property or an unresolved reference."""
    model, objects = load_data(document)
    unresolved = objects.link()
    assert not unresolved, f"references to nothing: {unresolved}"
    model.JSONLDSerializer().write(objects, io.BytesIO())  # checks required and counts
    return model, objects
