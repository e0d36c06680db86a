"""The Markdown a regulator reads: every section, and each threshold met or not."""

from __future__ import annotations

from cards.exchange.markdown import card_to_markdown
from cards.rules.content import Card
from tests.cards.exchange.examples import SCREENER


def _markdown(card):
    return card_to_markdown(
        card,
        system_name="Hiring screener",
        model_key="cv-ranker",
        version_number=3,
        status="approved",
    )


def test_the_screener_shows_every_section_and_which_thresholds_are_met():
    text = _markdown(SCREENER)
    assert text.startswith("# Model card: CV ranker\n\nSystem: Hiring screener.")
    for heading in (
        "## Identity",
        "## Uses",
        "## Performance",
        "## Technical details",
        "## Risks, limitations and mitigations",
        "## Model and data",
        "## Environmental impact and compute",
        "## Governance",
    ):
        assert f"\n{heading}\n" in text
    assert "| accuracy | overall | 93.5% | 92.8 to 94.1 | at least 92% | met |" in text
    assert "| accuracy | age 60+ | 91% | 89.2 to 92.6 | at least 92% | **not met** |" in text
    assert "| false positive rate | women | 0.04 | not given | at most 0.05 | met |" in text
    assert "| Review schedule | every 6 months |" in text
    assert "| Regulations | EU AI Act, GDPR |" in text


def test_an_empty_card_says_what_is_not_stated():
    text = _markdown(Card())
    assert "# Model card: cv-ranker" in text
    assert "No metric is recorded." in text
    assert "### Failure modes\n\n_Not stated._" in text
    assert "| Incident contact | _Not stated._ |" in text
