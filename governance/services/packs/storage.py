"""Where packs' files are kept (config/settings.py STORAGES["packs"]): a finished run
stores its PDF here; the pages and the API read it back (governance.selectors.packs)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from governance.rules import packs as rules


def pack_storage():
    """The packs' storage."""
    return storages["packs"]


def pack_file_store(*, pack_id: str, sha256: str, data: bytes) -> str:
    """Store a built pack's bytes; the name it is kept under (rules.pack_storage_name)."""
    return pack_storage().save(rules.pack_storage_name(pack_id, sha256), ContentFile(data))
