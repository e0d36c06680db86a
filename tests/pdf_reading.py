"""Reading the PDFs the portal makes, in Python (pypdf): text, XMP metadata, attachments,
images and where words end. No system tool is assumed: `make test` on a fresh machine
needs Python and Chromium only. Signatures are checked with pyHanko (core.signing)."""

import io

from pypdf import PdfReader
from pypdf._text_extraction import _layout_mode
from pypdf.generic import ArrayObject, ContentStream, StreamObject


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def pdf_page_texts(pdf: bytes, tmp_path=None) -> list[str]:
    """Each page's text, whitespace folded (lines wrap where the page does)."""
    return [" ".join((page.extract_text() or "").split()) for page in _reader(pdf).pages]


def pdf_text(pdf: bytes, tmp_path=None) -> str:
    """The whole document's text, whitespace folded. `tmp_path` is accepted and unused:
    older callers passed a folder for the file a command-line tool needed."""
    return " ".join(pdf_page_texts(pdf))


def pdf_xmp(pdf: bytes) -> str:
    """The document's XMP metadata packet as text ("" when it has none)."""
    root = _reader(pdf).trailer["/Root"]
    metadata = root.get("/Metadata")
    return metadata.get_object().get_data().decode("utf-8", "replace") if metadata else ""


def pdf_attachment_names(pdf: bytes) -> list[str]:
    """The names of the files embedded in the document, sorted."""
    return sorted(_reader(pdf).attachments)


def pdf_attachment(pdf: bytes, name: str) -> bytes:
    """The content of one embedded file (the first of that name)."""
    return _reader(pdf).attachments[name][0]


def pdf_image_count(pdf: bytes) -> int:
    """How many images the pages draw."""
    return sum(len(page.images) for page in _reader(pdf).pages)


def pdf_words_right_edge(pdf: bytes, tmp_path=None) -> tuple[float, float]:
    """The rightmost point any line of text reaches on any page, and the narrowest page
    width (points), from the text operators' own glyph widths."""
    reader = _reader(pdf)
    edges, widths = [0.0], []
    for page in reader.pages:
        widths.append(float(page.mediabox.width))
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        if not isinstance(contents, ArrayObject | StreamObject):
            continue
        ops = iter(ContentStream(contents, reader, "bytes").operations)
        groups = _layout_mode.text_show_operations(ops, page._layout_mode_fonts())
        edges += [group["displaced_tx"] for group in groups if group["text"].strip()]
    return max(edges), min(widths)
