"""The manifest attached inside every pack (manifest.json): what the pack was made of,
so that anyone holding the PDF can check it against the portal later (verify.py).

It lists every evidence file with its SHA-256 and size, the records the pack shows with
their versions, and the audit chain's head at export time (also stored as a
checkpoint). It is attached to the PDF/A-3b file before signing, so the signature
covers it.
"""

from __future__ import annotations

import io
import json
from datetime import datetime

from django.conf import settings

from core.models import AuditCheckpoint, EvidenceFile
from governance.models import AuditPack
from governance.services.packs.content import PackContent

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "aigov-audit-pack-manifest"
MANIFEST_VERSION = 1


def pack_manifest(
    *, pack: AuditPack, content: PackContent, checkpoint: AuditCheckpoint, generated_at: datetime
) -> dict:
    """The manifest of one pack, as plain JSON-ready data."""
    return {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "portal": settings.PORTAL_NAME,
        "pack_id": pack.pack_id,
        "scope": pack.scope,
        "systems": sorted(pack.systems.values_list("system_id", flat=True)),
        "date_from": pack.date_from.isoformat(),
        "date_to": pack.date_to.isoformat(),
        "generated_at": generated_at.isoformat(),
        "requested_by": pack.requested_by.email,
        "evidence": _evidence_entries(content.evidence),
        "records": content.records,
        "audit_head": {"seq": checkpoint.seq, "hash": checkpoint.hash},
    }


def _evidence_entries(evidence: list[EvidenceFile]) -> list[dict]:
    """Each file once (a file shown in two places is one entry), in id order. The content
    loads every file with its uploader (select_related), so no query is made here."""
    unique = {file.pk: file for file in evidence}
    return [
        {
            "id": file.pk,
            "name": file.safe_name,
            "sha256": file.sha256,
            "size": file.size,
            "uploaded_by": _uploader(file),
            "uploaded_at": file.uploaded_at.isoformat(),
        }
        for _, file in sorted(unique.items())
    ]


def _uploader(file: EvidenceFile) -> str:
    # A questionnaire answered through a link has no account behind it: its label names them.
    return (file.uploaded_by.email if file.uploaded_by_id else "") or file.uploaded_by_label


def manifest_bytes(manifest: dict) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8; the same manifest, the same bytes."""
    return json.dumps(
        manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def manifest_from_pdf(data: bytes) -> dict | None:
    """The manifest attached to a PDF, or None: not a PDF, no such attachment, or not a
    JSON object."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        tree = reader.root["/Names"]["/EmbeddedFiles"]
        stream = _attached(tree, MANIFEST_NAME)
        manifest = json.loads(stream.data) if stream is not None else None
    except Exception:  # noqa: BLE001 - a damaged or hostile file simply has no manifest
        return None
    return manifest if isinstance(manifest, dict) else None


def _attached(node, name: str, depth: int = 0):
    """The embedded file's stream called `name` in a name tree (its /Names pairs, then its
    /Kids, depth-limited against a looping tree)."""
    if depth > 16:
        return None
    # pyHanko's dictionaries dereference what they return: a default of [] is refused.
    pairs = list(node["/Names"]) if "/Names" in node else []
    for key, filespec in zip(pairs[::2], pairs[1::2], strict=False):
        if str(key) == name:
            return filespec.get_object()["/EF"]["/F"]
    for kid in list(node["/Kids"]) if "/Kids" in node else []:
        found = _attached(kid.get_object(), name, depth + 1)
        if found is not None:
            return found
    return None
