"""Hypothesis strategies for model cards, built from cards.rules.content's dataclasses
with reasonable texts and numbers. `text` decides which characters a text may hold: the
Hugging Face round trip needs paragraphs that are not Markdown headings or fences."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from hypothesis import strategies as st

from cards.rules.content import (
    AT_LEAST,
    AT_MOST,
    Card,
    Considerations,
    Environment,
    Governance,
    Identity,
    Metric,
    Performance,
    Technical,
    Uses,
)

ANY_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
    max_size=60,
)
# A paragraph as Markdown keeps it: no leading or trailing space, no "#" or "`" (a
# heading or a fence), no control characters.
PLAIN_TEXT = (
    st.text(
        st.characters(
            codec="utf-8",
            exclude_categories=("Cs", "Cc", "Zl", "Zp"),
            exclude_characters="#`~\x85",
        )
        | st.just("\n"),
        max_size=60,
    )
    .map(lambda text: text.strip())
    .filter(bool)
)
NUMBER = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
KEY = st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)


def _texts(text):
    return st.one_of(st.just(""), text)


@st.composite
def metrics(draw, text=ANY_TEXT):
    name = draw(text.filter(lambda value: value.strip())).strip() or "accuracy"
    value = draw(NUMBER)
    interval = draw(st.none() | st.tuples(NUMBER, NUMBER).map(sorted))
    threshold = draw(st.none() | NUMBER)
    return Metric(
        name=name,
        value=value,
        unit=draw(st.sampled_from(["", "%", "ms", "points"])),
        group=draw(_texts(text)),
        ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None,
        threshold=threshold,
        direction=draw(st.sampled_from([AT_LEAST, AT_MOST])) if threshold is not None else "",
    )


def _section(section_type, text, overrides=None):
    """Every text field of a section drawn from `text`, lists of texts from it too."""
    parts = {}
    for spec in fields(section_type):
        if spec.type == "str":
            parts[spec.name] = _texts(text)
        elif spec.type == "tuple[str, ...]":
            parts[spec.name] = st.lists(text, max_size=3).map(tuple)
    parts.update(overrides or {})
    return st.builds(section_type, **parts)


@st.composite
def cards(draw, text=ANY_TEXT):
    """Any card the contract accepts, its texts drawn from `text`."""
    optional_number = st.none() | st.floats(min_value=0, max_value=1e7, allow_nan=False)
    keys = st.lists(KEY, max_size=3, unique=True).map(tuple)
    # Years a model card has; the SPDX bindings cannot write a year below 1000.
    dates = st.none() | st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
    return Card(
        identity=draw(_section(Identity, text, {"release_date": dates})),
        uses=draw(_section(Uses, text)),
        performance=draw(
            _section(
                Performance,
                text,
                {"metrics": st.lists(metrics(text), max_size=5).map(tuple)},
            )
        ),
        technical=draw(
            _section(Technical, text, {"training_datasets": keys, "evaluation_datasets": keys})
        ),
        considerations=draw(_section(Considerations, text)),
        environment=draw(
            _section(Environment, text, {"energy_kwh": optional_number, "co2e_kg": optional_number})
        ),
        governance=draw(
            _section(
                Governance,
                text,
                {"approval_date": dates, "review_months": st.none() | st.integers(1, 120)},
            )
        ),
    )
