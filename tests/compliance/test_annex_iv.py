"""Annex IV technical documentation from the records (DOMAIN.md 7): the nine points with
their sources and gaps, the background render with its progress (a real worker), the
PDF/A document read back, and who may ask for it."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from compliance.exchange.annex_iv import annex_iv, metric_shortfall
from compliance.models import AnnexIvRender
from compliance.selectors.annex import annex_records
from compliance.services.annex import MANIFEST_NAME, annex_iv_request, annex_iv_run
from core.models import AuditEvent
from tests.compliance.annex_setup import approved_card, card_record, records, screener
from tests.factories import organisation_profile
from tests.pdf_reading import pdf_attachment, pdf_attachment_names, pdf_text, pdf_xmp

pytestmark = pytest.mark.django_db


def point(doc, number):
    return doc.points[number - 1]


def test_the_nine_points_in_order_with_the_card_cited_by_its_hash():
    doc = annex_iv(records(cards=[card_record()]))
    assert [p.number for p in doc.points] == list(range(1, 10))
    elements = point(doc, 2)
    assert ("Model type", "gradient-boosted trees") in elements.facts
    cited = {(s.record_type, s.record_id, s.version) for s in elements.sources}
    assert ("cards.modelcardversion", "11", "hash-v1") in cited
    # Nothing filed: the declaration and the monitoring plan are gaps, named.
    assert point(doc, 8).gaps == [
        "EU declaration of conformity: none current; produced at "
        "/compliance/systems/SYS-001/documents/"
    ]
    assert point(doc, 9).gaps[0].startswith("Post-market monitoring plan: none current")


def test_a_metric_under_its_threshold_is_a_gap():
    metric = {"name": "accuracy", "value": 0.91, "threshold": 0.92, "direction": "at_least"}
    assert metric_shortfall(metric) == "accuracy (overall) 0.91 is below its threshold of 0.92"
    assert metric_shortfall({**metric, "value": 0.92}) == ""
    at_most = {"name": "FRR", "value": 0.3, "threshold": 0.1, "direction": "at_most"}
    assert metric_shortfall(at_most) == "FRR (overall) 0.3 is above its threshold of 0.1"


def test_a_superseded_version_is_listed_as_a_change_not_as_in_force():
    doc = annex_iv(records(cards=[card_record(2), card_record(1, current=False)]))
    changes = dict(point(doc, 6).facts)
    assert changes["Resume screener v1 (superseded, 1 Dec 2026)"] == "Version 1."
    assert changes["Resume screener v2 (in force, 1 Dec 2026)"] == "Version 2."


def test_the_records_of_the_database_feed_the_points(personas):
    organisation_profile()
    system = screener(personas)
    version = approved_card(system)
    gathered = annex_records(system, timezone.localdate())
    doc = annex_iv(gathered)
    assert doc.provider == "Example Marketplace GmbH"
    general = dict(point(doc, 1).facts)
    assert general["Intended purpose"].startswith("Rank job applications")
    sources = {(s.record_type, s.record_id) for s in point(doc, 1).sources}
    assert ("registry.aisystem", str(system.pk)) in sources
    assert ("registry.aiactscreening", str(system.ai_act_screenings.get().pk)) in sources
    assert ("cards.modelcardversion", str(version.pk)) in {
        (s.record_type, s.record_id) for s in point(doc, 2).sources
    }
    assert "Effective internal risk classification: none current" in " ".join(point(doc, 1).gaps)


def test_the_records_cost_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    organisation_profile()
    system = screener(personas)
    approved_card(system)
    with django_assert_max_num_queries(40) as counted:
        annex_records(system, timezone.localdate())
    few = len(counted.captured_queries)
    for number in range(2, 7):
        approved_card(
            system,
            number=number,
        )
    with django_assert_max_num_queries(few):
        annex_records(system, timezone.localdate())


def test_only_a_high_risk_system_we_provide_is_rendered(personas):
    organisation_profile()
    system = screener(personas, ai_act_category="minimal")
    with pytest.raises(ValidationError, match="not high-risk"):
        annex_iv_request(actor=personas.owner, system=system)


def test_a_render_is_refused_without_the_organisation_name(personas):
    system = screener(personas)
    with pytest.raises(ValidationError) as refused:
        annex_iv_request(actor=personas.owner, system=system)
    assert "legal name" in refused.value.message_dict["organisation"][0]


def test_a_reader_may_not_start_a_render(personas):
    organisation_profile()
    system = screener(personas)
    with pytest.raises(PermissionDenied):
        annex_iv_request(actor=personas.auditor, system=system)


def test_one_render_at_a_time(personas, monkeypatch):
    from compliance.services import annex as services

    monkeypatch.setattr(services, "_enqueue", lambda pk: None)
    organisation_profile()
    system = screener(personas)
    annex_iv_request(actor=personas.owner, system=system)
    with pytest.raises(ValidationError, match="already under way"):
        annex_iv_request(actor=personas.legal, system=system)


def test_the_run_renders_a_pdf_a_with_every_point_its_sources_and_gaps(personas, monkeypatch):
    from compliance.services import annex as services

    monkeypatch.setattr(services, "_enqueue", lambda pk: None)
    organisation_profile()
    system = screener(personas)
    approved_card(system)
    render = annex_iv_request(actor=personas.owner, system=system)
    annex_iv_run(render_id=render.pk)
    annex_iv_run(render_id=render.pk)  # a redelivery does nothing
    render.refresh_from_db()
    assert (render.status, render.progress, render.attempts) == ("done", 100, 1)
    pdf = bytes(render.pdf)
    assert render.size == len(pdf) and len(render.sha256) == 64
    text = pdf_text(pdf)
    assert "Technical documentation (AI Act Art. 11, Annex IV): SYS-001 Resume screener" in text
    for title in ("1. General description of the AI system", "9. The post-market monitoring"):
        assert title in text
    assert "EU declaration of conformity: none current" in text
    assert "cards.modelcardversion" in text
    meta = pdf_xmp(pdf)
    assert 'pdfaid:part="3"' in meta or "<pdfaid:part>3</pdfaid:part>" in meta
    assert 'pdfaid:conformance="B"' in meta or "<pdfaid:conformance>B" in meta
    assert pdf_attachment_names(pdf) == [MANIFEST_NAME]
    manifest = json.loads(pdf_attachment(pdf, MANIFEST_NAME))
    assert manifest["gaps"] == render.gaps > 0
    assert [p["point"] for p in manifest["points"]] == list(range(1, 10))
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["annex_iv.requested", "annex_iv.rendered"]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_it_in_the_background(personas, pack_worker):
    """The request commits, the export worker takes the task, the row says done."""
    import time

    organisation_profile()
    system = screener(personas)
    render = annex_iv_request(actor=personas.owner, system=system)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = AnnexIvRender.objects.filter(pk=render.pk).values_list("status", flat=True).get()
        if state in ("done", "failed"):
            break
        time.sleep(0.2)
    render.refresh_from_db()
    assert render.status == "done", render.error
    assert pdf_text(bytes(render.pdf)).count("Gaps") >= 9


def test_a_record_found_twice_is_cited_once_and_the_frameworks_applied_are_listed():
    coverage = [{"id": 3, "name": "EU AI Act", "version": "2024/1689", "percentage": 40}]
    doc = annex_iv(records(cards=[card_record()], coverage=coverage))
    cited = [(s.record_type, s.record_id) for s in point(doc, 2).sources]
    assert cited.count(("cards.modelcardversion", "11")) == 1
    standards = point(doc, 7)
    assert ("EU AI Act 2024/1689", "40% met") in standards.facts
    assert ("compliance.framework", "3") in {
        (s.record_type, s.record_id) for s in standards.sources
    }
    assert "No framework of the library applies to the system" not in standards.gaps


def test_a_run_past_its_time_is_failed_when_the_next_is_asked_for(personas, monkeypatch):
    from datetime import timedelta

    from compliance.services import annex as services

    monkeypatch.setattr(services, "_enqueue", lambda pk: None)
    organisation_profile()
    system = screener(personas)
    first = annex_iv_request(actor=personas.owner, system=system)
    AnnexIvRender.objects.filter(pk=first.pk).update(
        status="running", running_until=timezone.now() - timedelta(seconds=1)
    )
    first.refresh_from_db()
    assert not first.live
    second = annex_iv_request(actor=personas.owner, system=system)
    first.refresh_from_db()
    assert (first.status, first.error) == ("failed", services.KILLED)
    assert second.live and second.status == "queued"


def test_the_document_prints_its_time_in_the_organisation_zone(personas, monkeypatch):
    import time_machine

    from compliance.services import annex as services

    monkeypatch.setattr(services, "_enqueue", lambda pk: None)
    organisation_profile(time_zone="America/New_York")
    system = screener(personas)
    with time_machine.travel("2026-12-07 12:30:00+00:00", tick=False):
        render = annex_iv_request(actor=personas.owner, system=system)
        annex_iv_run(render_id=render.pk)
    render.refresh_from_db()
    assert "Assembled 2026-12-07 07:30 EST" in pdf_text(bytes(render.pdf))
