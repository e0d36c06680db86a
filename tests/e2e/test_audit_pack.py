"""Must show (issue 10): the auditor exports a system pack, watches its progress bar move
(htmx polling the row), downloads the PDF, and finds the download in the audit trail.
A real Celery worker renders it, started once the queued row is on the screen, and the
render pauses mid-way (PACK_EXPORT_PAUSE_FILE) so that the bar is seen between 0 and 100."""

from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from governance.models import AuditPack
from governance.services.packs.export import PAUSE_ENV
from tests.e2e.conftest import log_in
from tests.factories import AISystemFactory, organisation_profile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_auditor_exports_watches_downloads_and_finds_the_download_in_the_trail(
    page, live_server, personas, pack_queue, monkeypatch, tmp_path
):
    AISystemFactory(system_id="SYS-007", name="Credit scorer", owner_team=personas.people_ops)
    organisation_profile()  # a pack names the organisation by its legal name
    pause = tmp_path / "render-paused"
    monkeypatch.setenv(PAUSE_ENV, str(pause))
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, personas.auditor.email)

    # The auditor lands on the packs; from any page the "Records" menu leads back to them.
    page.wait_for_url("**/packs/")
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text="Records").click()
    nav.get_by_role("link", name="Audit trail").click()
    page.wait_for_url("**/audit/")
    nav.locator("summary", has_text="Records").click()
    nav.get_by_role("link", name="Audit packs").click()
    page.wait_for_url("**/packs/")

    # 1. Export a pack of one system.
    page.get_by_role("listbox", name="Systems").select_option("SYS-007")
    page.get_by_role("button", name="Start the export").click()
    page.get_by_text("is queued: its progress shows below").wait_for()
    pack_id = AuditPack.objects.get().pack_id  # PACK-00001 unless an earlier test made packs
    bar = page.get_by_role("progressbar", name=f"Progress of {pack_id}")
    assert bar.is_visible() and bar.get_attribute("value") == "0"
    row = page.locator("main table tbody tr", has=page.get_by_text(pack_id))
    assert "Waiting for the export worker" in row.inner_text()

    # 2. Watch the bar: the worker starts, the row polls itself and the bar moves.
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[pack_queue]):
        page.get_by_text("Laying out the pages (35%)").wait_for()
        moved = page.get_by_role("progressbar", name=f"Progress of {pack_id}")
        assert moved.get_attribute("value") == "35"
        pause.unlink()  # the render goes on
        download = page.get_by_role("link", name=f"Download {pack_id}")
        download.wait_for()
    assert page.get_by_role("progressbar").count() == 0  # done: no bar, no more polling
    finished = page.locator("main table tbody tr", has=page.get_by_text(pack_id))
    assert "Done" in finished.inner_text() and "SYS-007" in finished.inner_text()
    assert page.locator("h1").inner_text() == "Audit packs"  # still the page, styled

    # 3. Download the pack.
    with page.expect_download() as info:
        download.click()
    pdf = info.value
    assert pdf.suggested_filename == f"{pack_id}-SYS-007.pdf"
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")

    # 4. The download is in the audit trail.
    page.goto(f"{live_server.url}/audit/")
    trail = page.locator("main table tbody tr").first
    assert "Downloaded an audit pack" in trail.inner_text()
    assert (
        "auditor@example.com" in trail.inner_text()
        or personas.auditor.full_name in trail.inner_text()
    )
