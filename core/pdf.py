"""PDF rendering for every app (DESIGN.md section 3, PDF): a Django template rendered
to HTML, then to PDF by WeasyPrint, behind a URL fetcher that reaches no network.

Templates link our own static files the usual way (`{% static "css/pdf.css" %}`);
the document's base URL is a host that does not exist, so "/static/..." resolves to
it and the fetcher reads the file from STATICFILES_DIRS on disk. `data:` URIs are
decoded in memory. Everything else (http, https, file:, ftp, another host) is refused
before anything is opened: a user's text in the document cannot make the server
fetch a URL or read a file. User text is escaped by the template engine as usual.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Never resolved by DNS: the fetcher answers for it from disk.
PDF_BASE_URL = "https://pdf-static.invalid/"
_STATIC_HOST = urlsplit(PDF_BASE_URL).netloc


def static_file_for(url: str) -> Path | None:
    """The file on disk that a "/static/..." URL on our own base names, or None
    (another host, another scheme, outside the static folders, missing)."""
    parts = urlsplit(url)
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    if parts.scheme != "https" or parts.netloc != _STATIC_HOST:
        return None
    if not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix) :])
    # Production links hashed names (manifest storage): only the collected copies have them.
    for folder in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]:
        root = Path(folder).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


class StaticOnlyFetcher(URLFetcher):
    """Answers `data:` URIs and our static files; refuses everything else with a
    ValueError, which WeasyPrint logs and renders on without the resource."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_for(url)
        if path is None:
            raise ValueError(f"Not fetched (only our static files and data: URIs): {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_pdf(
    template_name: str,
    context: dict,
    *,
    request=None,
    variant: str | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """The template rendered to a PDF document (bytes). `variant` e.g. "pdf/a-3b" for
    archives; `attachments` (name, bytes) are embedded files, e.g. a JSON manifest."""
    html = render_to_string(template_name, context, request=request)
    return html_to_pdf(html, variant=variant, attachments=attachments)


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf_pages(
    template_name: str,
    context: dict,
    *,
    variant: str | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
    on_laid_out: Callable[[int], None] | None = None,
) -> RenderedPdf:
    """Like `render_pdf`, for long documents: also says how many pages it has, and calls
    `on_laid_out(pages)` between the layout and the writing (the two slow halves), so a
    background export can report its progress."""
    document = _html_document(render_to_string(template_name, context)).render()
    pages = len(document.pages)
    if on_laid_out:
        on_laid_out(pages)
    return RenderedPdf(_write(document, variant, attachments), pages)


def html_to_pdf(
    html: str, *, variant: str | None = None, attachments: Sequence[tuple[str, bytes]] = ()
) -> bytes:
    """HTML already rendered (and escaped) to PDF, through the static-only fetcher."""
    return _write(_html_document(html), variant, attachments)


def _html_document(html: str) -> HTML:
    # The one place a document is made: every PDF goes through the static-only fetcher.
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher())


def _write(document, variant: str | None, attachments: Sequence[tuple[str, bytes]]) -> bytes:
    """An HTML document, or one already laid out (Document), written as PDF bytes."""
    files = [Attachment(string=data, name=name, relationship="Data") for name, data in attachments]
    options = {"pdf_variant": variant} if variant else {}
    return document.write_pdf(attachments=files, **options)
