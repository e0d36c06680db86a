"""Building one pack: checkpoint the audit chain, gather the content, render the PDF,
report progress on the way."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from core.audit import audit_verify
from core.models import AuditCheckpoint, AuditEvent
from core.pdf import render_pdf_pages
from governance.models import AuditPack
from governance.packs.content import pack_content

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class BuiltPack:
    data: bytes
    pages: int
    sha256: str
    checkpoint: AuditCheckpoint


def pack_build(*, pack: AuditPack, on_progress: Progress) -> BuiltPack:
    """Stand-in pipeline (no manifest, no signature yet): checkpoint, content, PDF/A-3b."""
    on_progress(5, "Taking the audit checkpoint")
    head = AuditEvent.objects.order_by("-seq").first()
    checkpoint = AuditCheckpoint.objects.create(
        seq=head.seq if head else 0, hash=head.hash if head else "0" * 64, label=pack.pack_id
    )
    on_progress(15, "Gathering the records")
    content = pack_content(pack=pack, checkpoint=checkpoint, chain=audit_verify())
    on_progress(35, "Laying out the pages")
    rendered = render_pdf_pages(
        content.template,
        content.context,
        variant="pdf/a-3b",
        on_laid_out=lambda pages: on_progress(80, f"Writing {pages} pages"),
    )
    return BuiltPack(
        rendered.data, rendered.pages, hashlib.sha256(rendered.data).hexdigest(), checkpoint
    )
