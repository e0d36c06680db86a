"""The operators' pack figures (/metrics) come from real renders: a pack built and one
whose render failed are counted by the scrape, whichever process rendered them (the
figures live in Redis, not in the rendering process's memory)."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from governance.services.packs.export import pack_request, pack_run

pytestmark = pytest.mark.django_db


def pack_samples(client, settings) -> dict[tuple, float]:
    settings.METRICS_TOKEN = "pack-metrics-token"
    page = client.get("/metrics", HTTP_AUTHORIZATION="Bearer pack-metrics-token")
    assert page.status_code == 200
    return {
        (s.name, s.labels.get("le")): s.value
        for family in text_string_to_metric_families(page.content.decode())
        if family.name.startswith("aigov_pack_render")
        for s in family.samples
    }


def test_a_rendered_pack_and_a_failed_one_are_in_the_scrape(
    client, settings, personas, screener, last_year, monkeypatch
):
    def export():
        pack = pack_request(
            actor=personas.auditor,
            scope="system",
            systems=[screener],
            date_from=last_year[0],
            date_to=last_year[1],
        )
        pack_run(pack_id=pack.pk)

    export()
    monkeypatch.setattr(
        "governance.services.packs.build.pack_build",
        lambda **_: (_ for _ in ()).throw(RuntimeError("render broke")),
    )
    export()
    samples = pack_samples(client, settings)
    assert samples[("aigov_pack_render_seconds_count", None)] == 1
    assert samples[("aigov_pack_render_seconds_bucket", "+Inf")] == 1
    assert 0 < samples[("aigov_pack_render_seconds_sum", None)] < 600
    assert samples[("aigov_pack_render_failures_total", None)] == 1
