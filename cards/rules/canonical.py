"""The canonical JSON of a version's content and its SHA-256: what a gate, a pack and an
export cite. Keys sorted, no spaces, UTF-8 as is, so equal content hashes equally."""

from __future__ import annotations

import hashlib
import json


def canonical_json(content: dict) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
