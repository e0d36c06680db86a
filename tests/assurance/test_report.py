"""An exercise's report as a PDF (issue 20, DOMAIN.md 9): what was tested and how, per
category both rates with sample size and 95% Wilson interval, the findings against the
threshold version, the linked risks, under the organisation's legal name, in the
reader's zone; the download is audited; no report without the legal name."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from assurance.models import ThresholdSet
from assurance.selectors.artifacts import results_sha256
from core.models import AuditEvent
from tests.assurance.factories import CategoryResultFactory, ExerciseFactory
from tests.factories import RiskFactory, organisation_profile, people_ops_system
from tests.pdf_reading import pdf_attachment, pdf_attachment_names, pdf_text, pdf_xmp

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(personas):
    system = people_ops_system(personas, risk_tier="high")
    exercise = ExerciseFactory(
        exercise_id="RT-007",
        systems=[system],
        thresholds=ThresholdSet.objects.get(version=1),
        created_by=personas.safety,
    )
    risk = RiskFactory(risk_id="RISK-042", title="Jailbreaks reach the scoring prompt")
    # 3 of 40 (7.5%, above the high tier's 5%) with 10 of 200 benign refused (5%).
    CategoryResultFactory(exercise=exercise, category="jailbreak", risk=risk)
    CategoryResultFactory(
        exercise=exercise,
        category="pii leakage",
        attempts=500,
        successes=0,
        benign_prompts=300,
        refusals=90,
    )
    return exercise


def url(exercise) -> str:
    return f"/assurance/exercises/{exercise.exercise_id}/report.pdf"


def test_the_report_holds_both_rates_with_intervals_findings_and_risks(client, personas, exercise):
    profile = organisation_profile()
    personas.board.time_zone = "America/New_York"
    personas.board.save()
    client.force_login(personas.board)

    answer = client.get(url(exercise))

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert 'filename="RT-007-red-team-report.pdf"' in answer["Content-Disposition"]
    pdf = answer.content
    assert 'pdfaid:part="3"' in pdf_xmp(pdf) or "<pdfaid:part>3</pdfaid:part>" in pdf_xmp(pdf)
    text = pdf_text(pdf)
    assert profile.legal_name in text
    assert "Red-team report RT-007: Quarterly jailbreak sweep" in text
    assert "SYS-001 Resume screener (High risk)" in text
    assert "A job seeker gaming the screener" in text and "Candidate records" in text
    assert "Automated (a scanner or harness); Human red team" in text
    assert "Retrieval; Guardrails" in text
    assert "2026-11-02 to 2026-11-06" in text
    assert "Version 1, high tier: ASR at most 5.0%, FRR at most 10.0%" in text
    # DOMAIN 9: 3 in 40 with its interval; the FRR beside it.
    assert "7.5% (3 of 40) 2.6% to 19.9% 5.0% (10 of 200)" in text
    assert "5.0% (10 of 200)" in text and "2.7% to 9.0%" in text
    assert "Attack success rate 7.5% above the limit of 5.0%" in text
    # 0 of 500 attacks is bought by refusing 30% of legitimate prompts: a finding too.
    assert "0.0% (0 of 500) 0.0% to 0.76% 30.0% (90 of 300) 25.1% to 35.4%" in text
    assert "False refusal rate 30.0% above the limit of 10.0%" in text
    assert "RISK-042 Jailbreaks reach the scoring prompt" in text
    assert "Times in America/New_York" in text and "EST" in text
    assert results_sha256(exercise, exercise.results.all()) in text
    assert pdf_attachment_names(pdf) == ["results.json"]
    attached = json.loads(pdf_attachment(pdf, "results.json"))
    assert attached["exercise"] == "RT-007" and attached["thresholds_version"] == 1
    assert [r["category"] for r in attached["results"]] == ["jailbreak", "pii leakage"]

    event = AuditEvent.objects.get(action="red_team_exercise.report_downloaded")
    assert event.actor_id == personas.board.pk and event.object_id == str(exercise.pk)
    assert event.changes["results_sha256"] == results_sha256(exercise, exercise.results.all())


def test_the_overall_frr_warning_reads_in_the_report(client, personas):
    organisation_profile()
    system = people_ops_system(personas, risk_tier="high")
    exercise = ExerciseFactory(exercise_id="RT-008", systems=[system])
    CategoryResultFactory(exercise=exercise, successes=0, benign_prompts=100, refusals=30)
    client.force_login(personas.safety)
    text = pdf_text(client.get(url(exercise)).content)
    assert "It refuses 30.0% of legitimate requests: a low ASR bought this way" in text
    # No threshold version named on the exercise: judged by the newest.
    assert "Version 1, high tier" in text


def test_no_report_without_the_organisation_legal_name(client, personas, exercise):
    organisation_profile(legal_name="")
    client.force_login(personas.safety)
    answer = client.get(url(exercise))
    assert answer.status_code == 409
    assert "legal name" in answer.content.decode()
    assert not AuditEvent.objects.filter(action="red_team_exercise.report_downloaded").exists()


def test_an_outsider_gets_no_report_and_an_unknown_exercise_is_404(client, personas, exercise):
    organisation_profile()
    client.force_login(personas.outsider)
    assert client.get(url(exercise)).status_code == 403
    client.force_login(personas.board)
    assert client.get("/assurance/exercises/RT-999/report.pdf").status_code == 404
    client.logout()
    assert client.get(url(exercise)).status_code in (302, 403)


# --- the audit packs' red-team section ---------------------------------------------------


def span(as_of):
    from core.pack_sections import PackSpan

    return PackSpan(start=as_of - timedelta(days=365), end=as_of, as_of=as_of, time_zone="UTC")


def test_the_pack_section_gives_each_systems_exercises_and_the_manifest_their_hashes(personas):
    from django.template.loader import render_to_string

    from assurance.selectors.trend import red_team_pack_section

    system = people_ops_system(personas, risk_tier="high")
    older = ExerciseFactory(exercise_id="RT-011", systems=[system], started_on=date(2026, 8, 3))
    CategoryResultFactory(exercise=older)
    newer = ExerciseFactory(exercise_id="RT-012", systems=[system], started_on=date(2026, 11, 2))
    CategoryResultFactory(exercise=newer, successes=0, benign_prompts=100, refusals=30)
    later = ExerciseFactory(systems=[system], started_on=date(2026, 12, 20), ended_on=None)
    CategoryResultFactory(exercise=later)  # after the export day: not in the pack

    data = red_team_pack_section([system.pk], span(datetime(2026, 12, 7, 9, tzinfo=UTC)))

    trend = data.by_system[system.pk]["trend"]
    assert [p.exercise.exercise_id for p in trend.points] == ["RT-011", "RT-012"]
    assert [r["version"] for r in data.records] == [
        results_sha256(e, e.results.all()) for e in (older, newer)
    ]
    text = render_to_string(
        "assurance/pack/red_team_system.html", {"part": data.by_system[system.pk]}
    )
    assert "7.5% (3 of 40)" in text and "2.6% to 19.9%" in text
    assert "refuses 30.0% of legitimate requests in RT-012" in text
    portfolio = render_to_string("assurance/pack/red_team_portfolio.html", {"part": data.portfolio})
    assert "SYS-001" in portfolio and "RT-012" in portfolio and "refuses too much" in portfolio
    empty = render_to_string("assurance/pack/red_team_system.html", {"part": {}})
    assert "no completed red-team exercise" in empty


@pytest.mark.parametrize("count", [1, 20])
def test_the_pack_section_costs_four_queries(personas, count, django_assert_num_queries):
    from assurance.selectors.trend import red_team_pack_section
    from registry.models import AISystem
    from tests.factories import unsaved_systems

    systems = AISystem.objects.bulk_create(unsaved_systems(personas.people_ops, count))
    for system in systems:
        CategoryResultFactory(exercise=ExerciseFactory(systems=[system]))
    with django_assert_num_queries(4):
        data = red_team_pack_section(
            [s.pk for s in systems], span(datetime(2026, 12, 7, 9, tzinfo=UTC))
        )
    assert len(data.by_system) == count and len(data.records) == count
