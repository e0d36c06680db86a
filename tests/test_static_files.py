"""Static files as production serves them (DEBUG off, behind TLS: the settings pick
WhiteNoise's CompressedManifestStaticFilesStorage and the image collects with it): pages
link hashed names, which WhiteNoise sends compressed and cacheable for good, while a
name without its hash is cached for a minute only (it may change under the same name)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from core.pdf import PDF_BASE_URL, static_file_for

pytestmark = pytest.mark.django_db

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"
HASHED_CSS = re.compile(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"')
TEN_YEARS = 10 * 365 * 24 * 60 * 60
# Compressing the Swagger UI bundles and the PDF fonts takes most of a full collect's
# minute; none of the pages here links them.
NOT_LINKED_HERE = ["drf_spectacular_sidecar", "admin", "rest_framework", "fonts", "pack.css"]


def collect(root, backend: str, **options) -> None:
    with override_settings(STATIC_ROOT=root, STORAGES={"staticfiles": {"BACKEND": backend}}):
        call_command("collectstatic", interactive=False, verbosity=0, **options)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The static files collected as the production image does, once for the module."""
    root = tmp_path_factory.mktemp("static")
    collect(root, MANIFEST, ignore_patterns=NOT_LINKED_HERE)
    return root


@pytest.fixture
def production_static(settings, collected):
    """Settings as behind TLS, DEBUG off, serving the collected files."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    return collected


def stylesheet_url() -> str:
    """The portal's stylesheet as the sign-in page links it."""
    page = Client().get("/accounts/login/")
    assert page.status_code == 200
    return HASHED_CSS.search(page.content.decode()).group(1)


def test_the_stylesheet_is_hashed_compressed_and_cached_for_good(production_static):
    url = stylesheet_url()
    browser = Client()  # a new client: WhiteNoise reads the collected files when it starts
    for encoding in ("br", "gzip"):
        answer = browser.get(url, HTTP_ACCEPT_ENCODING=f"{encoding}, identity")
        assert answer.status_code == 200
        assert answer["Content-Encoding"] == encoding
        assert answer["Cache-Control"] == f"max-age={TEN_YEARS}, public, immutable"
        assert answer["Vary"] == "Accept-Encoding"
        assert answer["Content-Type"] == 'text/css; charset="utf-8"'
        assert int(answer["Content-Length"]) < (production_static / url[8:]).stat().st_size / 3
    plain = browser.get(url)  # a client that asks for no compression gets the file itself
    assert "Content-Encoding" not in plain
    assert b"".join(plain.streaming_content) == (production_static / url[8:]).read_bytes()


def test_a_name_without_its_hash_is_cached_for_a_minute_only(production_static):
    stylesheet_url()
    answer = Client().get("/static/css/portal.css")
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "max-age=60, public"


def test_pdfs_find_the_hashed_files_their_templates_link(settings, tmp_path):
    """A PDF template links its stylesheet through {% static %}, hashed in production;
    the PDF's fetcher finds it among the collected files, and the fonts it links (the
    storage rewrote those links to hashed names too). Hashing alone is what matters here:
    Django's manifest storage, without WhiteNoise's slow compression of the fonts."""
    from django.templatetags.static import static

    manifest = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    collect(tmp_path, manifest)
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": manifest}}
    css = static_file_for(PDF_BASE_URL + static("css/pack.css").lstrip("/"))
    assert css is not None and css.parent == tmp_path / "css" and css.name != "pack.css"
    fonts = re.findall(r'url\("/static/(fonts/DejaVuSans\.[0-9a-f]{12}\.ttf)"\)', css.read_text())
    assert fonts and static_file_for(f"{PDF_BASE_URL}static/{fonts[0]}") is not None
