"""Loading the shipped default control library (registry/data/controls.yaml)."""

from pathlib import Path

import yaml

from registry.rules import control_library

LIBRARY_FILE = Path(__file__).resolve().parent / "data" / "controls.yaml"


def shipped_control_library() -> dict[str, dict]:
    with LIBRARY_FILE.open(encoding="utf-8") as fh:
        return control_library(yaml.safe_load(fh)["tiers"])


def install_control_library(definition_model) -> int:
    """Create the library's controls that are missing; never overwrite an admin's edits."""
    created = 0
    for key, entry in shipped_control_library().items():
        _, was_created = definition_model.objects.get_or_create(
            key=key, defaults={"name": entry["name"], "required_for_tiers": entry["tiers"]}
        )
        created += was_created
    return created
