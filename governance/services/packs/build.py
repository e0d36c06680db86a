"""Building one pack: checkpoint the audit chain, gather the content, render the PDF/A-3b
file with its manifest attached, sign it; report progress on the way.

The order matters: the checkpoint first, so the content and the chain verification
stop at the same head; the manifest attached before the signature, so the signature
covers it. The build writes nothing but the checkpoint row, marked verified when the
chain holds up to it (and no audit event): the export service stores the file and
records the facts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from core.audit import audit_checkpoint_take, audit_checkpoint_verified, audit_verify
from core.models import AuditCheckpoint, OrganisationProfile
from core.pdf import render_pdf_pages
from core.rules import organisation_missing
from core.selectors import organisation_profile_get
from core.signing import pdf_sign
from governance.models import AuditPack
from governance.rules import packs as pack_rules
from governance.services.packs.content import pack_content
from governance.services.packs.manifest import MANIFEST_NAME, manifest_bytes, pack_manifest

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class BuiltPack:
    data: bytes
    pages: int
    sha256: str
    checkpoint: AuditCheckpoint


class PackRefused(Exception):
    """The pack cannot be made: an item it needs is missing (its message says which, in
    words for the requester)."""


def pack_organisation() -> OrganisationProfile:
    """The organisation profile, refused (PackRefused) when it lacks an item every pack
    names (pack_rules.PROFILE_ITEMS), before anything is written."""
    profile = organisation_profile_get()
    missing = organisation_missing(profile, pack_rules.PROFILE_ITEMS)
    if missing:
        raise PackRefused(pack_rules.profile_missing_words(missing))
    return profile


def pack_build(*, pack: AuditPack, on_progress: Progress) -> BuiltPack:
    """The signed PDF/A-3b pack, its page count, its SHA-256 and the checkpoint it took.
    PackRefused when the organisation profile lacks an item the pack needs."""
    organisation = pack_organisation()
    on_progress(5, "Taking the audit checkpoint")
    checkpoint = audit_checkpoint_take(label=pack.pack_id)
    # From the latest verified checkpoint, so the build's time does not grow with a
    # chain kept for years; the pack says where the walk started (packs/_chain.html).
    chain = audit_verify(upto=checkpoint.seq, from_checkpoint=True)
    audit_checkpoint_verified(report=chain, label=pack.pack_id, checkpoint=checkpoint)
    on_progress(15, "Gathering the records")
    now = timezone.now()  # the export moment: the cover, the manifest and the clocks
    content = pack_content(
        pack=pack, checkpoint=checkpoint, chain=chain, now=now, organisation=organisation
    )
    manifest = pack_manifest(pack=pack, content=content, checkpoint=checkpoint, generated_at=now)
    on_progress(35, "Laying out the pages")
    with timezone.override(content.context["time_zone"]):  # every time in the cover's zone
        rendered = render_pdf_pages(
            content.template,
            content.context,
            variant="pdf/a-3b",
            attachments=[(MANIFEST_NAME, manifest_bytes(manifest))],
            on_laid_out=lambda pages: on_progress(80, f"Writing {pages} pages"),
        )
    on_progress(90, "Signing")
    signed = pdf_sign(rendered.data)
    return BuiltPack(signed, rendered.pages, hashlib.sha256(signed).hexdigest(), checkpoint)
