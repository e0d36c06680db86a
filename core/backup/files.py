"""The files a backup carries: every file of the backed-up storages, and the signing pair."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage, storages

from core.backup.rules import FILE_STORAGES

CHUNK = 1024 * 1024


def backed_up_storages() -> list[str]:
    """The storages a backup walks, by their settings.STORAGES names (core knows the
    names, not the apps that fill them)."""
    return [name for name in FILE_STORAGES if name in settings.STORAGES]


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in `storage`, depth first, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a storage folder nobody wrote to yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


def first_stored_file(name: str) -> str | None:
    """One file of storage `name`, or None when it holds none."""
    return next(storage_files(storages[name]), None)


def stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def signing_paths() -> tuple[Path, Path]:
    """(certificate, private key) as configured (core.signing)."""
    return Path(settings.PACK_SIGNING_CERT), Path(settings.PACK_SIGNING_KEY)


class HashingReader:
    """A file object that hashes what is read through it (one pass over big files)."""

    def __init__(self, raw):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()
