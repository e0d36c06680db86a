"""Where evidence bytes live: `storages["evidence"]`, one object per content.

The stored name is made of the bytes' SHA-256 (core.evidence.rules.storage_name), so
the same file uploaded twice is one stored object (and two rows, each with its own
uploader and dates). Pages never reach the storage directly: downloads go through a
permission-checked view (core.evidence.selectors.evidence_open).
"""

from __future__ import annotations

from django.core.files.storage import storages

from core.evidence import rules


def evidence_storage():
    """The storage of evidence bytes (config/settings.py STORAGES["evidence"])."""
    return storages["evidence"]


def evidence_bytes_store(upload, sha256: str) -> str:
    """Write the upload's bytes unless this content is stored already; its storage name."""
    storage, name = evidence_storage(), rules.storage_name(sha256)
    if storage.exists(name):
        return name
    upload.seek(0)
    saved = storage.save(name, upload)
    if saved != name:  # a concurrent upload of the same bytes won the race
        storage.delete(saved)
    return name
