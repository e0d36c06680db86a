"""The portfolio pack at an enterprise's size (issue 21): it lists the oldest overdue
risk reviews and mitigations, says how many are overdue in all, and leaves the rest to
the register. Listing every one made a 1,500-page, 1.7 GB pack at 50,000 risks
(bench/portfolio_pack.py --risks-per-system 25)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.services.packs import portfolio_content
from tests.factories import RiskFactory
from tests.governance.packs.conftest import make_pack
from tests.governance.packs.test_content import content_of
from tests.governance.packs.test_pack_truth import pack_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_overdue_reviews(personas, monkeypatch):
    """Five open risks whose reviews are 5 to 1 days overdue (three shown at most), one
    overdue but closed, one not yet due."""
    monkeypatch.setattr(portfolio_content, "OVERDUE_SHOWN", 3)
    today = timezone.localdate()
    for n in range(5):
        RiskFactory(
            risk_id=f"RISK-{n + 1:03d}",
            title=f"Overdue {n + 1}",
            owner_team=personas.people_ops,
            next_review=today - timedelta(days=5 - n),
            mitigation_due=today - timedelta(days=1) if n == 0 else None,
        )
    RiskFactory(risk_id="RISK-900", status="closed", next_review=today - timedelta(days=9))
    RiskFactory(risk_id="RISK-901", next_review=today + timedelta(days=1))


def test_the_oldest_overdue_are_listed_and_all_are_counted(personas, five_overdue_reviews):
    pack = make_pack(personas.auditor, scope="portfolio")
    content = content_of(pack)
    portfolio = content.context["portfolio"]
    reviews = portfolio.overdue_risk_reviews
    assert [r.risk_id for r in reviews.shown] == ["RISK-001", "RISK-002", "RISK-003"]
    assert reviews.total == 5
    assert reviews.note == "The 3 oldest of 5; the risk register lists every one."
    mitigations = portfolio.overdue_mitigations
    assert ([r.risk_id for r in mitigations.shown], mitigations.total) == (["RISK-001"], 1)
    assert mitigations.note == ""  # all of them are listed
    summary = dict(portfolio.summary)
    assert (summary["Open risks"], summary["Risk reviews overdue"]) == ("6", "5")
    listed = {r["id"] for r in content.records if r["type"] == "governance.risk"}
    assert listed == {"RISK-001", "RISK-002", "RISK-003"}  # the manifest: what it shows


def test_the_pack_says_how_many_more_are_overdue(personas, five_overdue_reviews):
    text = pack_text(make_pack(personas.auditor, scope="portfolio"))
    assert "Risk reviews overdue 5" in text
    assert "The 3 oldest of 5; the risk register lists every one." in text
    assert "RISK-003 Overdue 3: review due" in text
    assert "RISK-004" not in text and "RISK-900" not in text
