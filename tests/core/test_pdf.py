"""core.pdf: documents render from templates and fetch nothing but our static files."""

import pytest

from core.pdf import html_to_pdf, render_pdf, static_file_for
from tests.pdf_reading import pdf_attachment_names, pdf_image_count, pdf_text, pdf_xmp

pytestmark = pytest.mark.django_db


def test_user_text_is_shown_escaped_and_fetches_nothing(listener, tmp_path):
    hostile = (
        f'<img src="http://127.0.0.1:{listener.port}/x"> '
        '<a href="file:///etc/passwd">passwords</a> Customer records exposed'
    )
    pdf = render_pdf(
        "core/pdf/document.html",
        {"title": "Breach report", "sections": [{"heading": "Nature", "text": hostile}]},
    )
    text = pdf_text(pdf, tmp_path)
    assert "Breach report" in text
    assert "Customer records exposed" in text
    assert f"http://127.0.0.1:{listener.port}/x" in text  # shown as text, not fetched
    assert "root:" not in text
    assert listener.connections == 0


def test_raw_html_refuses_network_and_files_and_keeps_rendering(listener, tmp_path):
    url = f"http://127.0.0.1:{listener.port}"
    html = (
        f'<html><head><link rel="stylesheet" href="{url}/a.css">'
        f"<style>body {{ background: url('{url}/bg.png') }}</style></head><body>"
        f'<img src="{url}/x.png"><img src="https://127.0.0.1:{listener.port}/y.png">'
        '<img src="file:///etc/passwd"><img src="/static/../../../etc/passwd">'
        '<object data="file:///etc/hostname"></object>'
        "<p>Still rendered</p></body></html>"
    )
    pdf = html_to_pdf(html)
    assert "Still rendered" in pdf_text(pdf, tmp_path)
    assert listener.connections == 0
    assert pdf_image_count(pdf) == 0


def test_own_static_files_and_data_uris_are_embedded(tmp_path):
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
        "2mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    pdf = html_to_pdf(f'<p>x</p><img src="{pixel}" style="width:10mm">')
    assert pdf_image_count(pdf) == 1


def test_static_lookup_stays_inside_the_static_folders():
    assert static_file_for("https://pdf-static.invalid/static/css/pdf.css").name == "pdf.css"
    assert static_file_for("https://pdf-static.invalid/static/../../etc/passwd") is None
    assert static_file_for("https://pdf-static.invalid/static/%2e%2e/%2e%2e/etc/passwd") is None
    assert static_file_for("https://example.org/static/css/pdf.css") is None
    assert static_file_for("http://pdf-static.invalid/static/css/pdf.css") is None
    assert static_file_for("file:///etc/passwd") is None


def test_an_archive_variant_carries_its_attachment(tmp_path):
    pdf = render_pdf(
        "core/pdf/document.html",
        {"title": "Pack", "sections": []},
        variant="pdf/a-3b",
        attachments=[("manifest.json", b'{"files": []}')],
    )
    assert pdf_attachment_names(pdf) == ["manifest.json"]
    assert "pdfaid" in pdf_xmp(pdf)  # the PDF/A identification in its XMP metadata
