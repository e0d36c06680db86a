"""Model cards as Hugging Face READMEs: the front matter the Hub reads, our own README
reads back as the same card, a README from elsewhere is read by its template's
headings, and YAML bombs are refused at once."""

from __future__ import annotations

import time

import pytest
import yaml
from huggingface_hub import ModelCard
from hypothesis import given, settings

from cards.exchange.errors import ImportRefused
from cards.exchange.huggingface import card_to_huggingface, huggingface_to_card
from tests.cards.exchange.examples import SCREENER
from tests.cards.strategies import PLAIN_TEXT, cards


def _export(card):
    return card_to_huggingface(card, model_key="cv-ranker", version_number=3)


def test_the_screener_readme_has_the_hubs_front_matter_and_the_sections():
    readme = _export(SCREENER)
    front = yaml.safe_load(readme.split("---\n")[1])
    assert front["license"] == "Proprietary"
    assert front["datasets"] == ["resumes-2019-2024"]
    assert front["metrics"] == ["accuracy", "false positive rate"]
    [model] = front["model-index"]
    assert model["name"] == "CV ranker"
    second = model["results"][1]
    assert second["dataset"] == {
        "type": "resumes-2019-2024",
        "name": "resumes-2019-2024",
        "config": "age 60+",
    }
    assert second["metrics"] == [{"type": "accuracy", "value": 91.0, "slice": "age 60+"}]
    assert front["co2_eq_emissions"] == {"emissions": 3100.0}
    assert "### Out-of-scope uses\n\nRejecting an applicant" in readme
    assert "| accuracy | age 60+ | 91% | 89.2 to 92.6 | at least 92% | **not met** |" in readme
    assert "### Red-team findings\n\n[More Information Needed]" in readme


def test_the_hubs_own_reader_takes_the_readme_and_its_results():
    """huggingface_hub parses the front matter and every model-index result (offline)."""
    hub = ModelCard(_export(SCREENER)).data
    assert (hub.license, hub.model_name, hub.datasets) == (
        "Proprietary",
        "CV ranker",
        ["resumes-2019-2024"],
    )
    results = [
        (r.dataset_type, r.dataset_config, r.metric_type, r.metric_value) for r in hub.eval_results
    ]
    assert results == [
        ("resumes-2019-2024", None, "accuracy", 93.5),
        ("resumes-2019-2024", "age 60+", "accuracy", 91.0),
        ("resumes-2019-2024", "women", "false positive rate", 0.04),
    ]


def test_the_hubs_reader_refuses_a_broken_model_index():
    broken = _export(SCREENER).replace("- task:\n      type: other\n", "- task: {}\n", 1)
    with pytest.raises(ValueError, match="model_index"):
        ModelCard(broken)


def test_the_screener_readme_reads_back_as_the_same_card():
    card, report = huggingface_to_card(_export(SCREENER))
    assert card == SCREENER
    assert report.not_read == ()


@settings(max_examples=100)
@given(cards(text=PLAIN_TEXT))
def test_any_card_with_markdown_safe_paragraphs_reads_back_the_same(card):
    """Exact for paragraphs Markdown keeps: trimmed, with no '#', '`' or '~' (a heading or
    a code fence would end the section)."""
    readme = _export(card)
    assert huggingface_to_card(readme)[0] == card
    assert len(ModelCard(readme).data.eval_results or []) == len(card.performance.metrics)


HUB_README = """---
license: apache-2.0
base_model: distilbert/distilbert-base-uncased
datasets:
- imdb
metrics:
- accuracy
model-index:
- name: sentiment-small
  results:
  - task: {type: text-classification}
    dataset: {type: imdb, name: IMDB, split: test}
    metrics:
    - {type: accuracy, value: 0.93}
co2_eq_emissions:
  emissions: 1500
library_name: transformers
---

# sentiment-small

## Uses

### Direct Use

Classify film reviews as positive or negative.

### Out-of-Scope Use

Medical or legal text.

## Bias, Risks, and Limitations

Trained on English reviews only.

### Recommendations

Check a sample of predictions each month.

## Training Details

### Training Data

```
# not a heading: a comment in a code block
```

## Citation

Nobody.
"""


def test_a_readme_from_the_hub_is_read_by_its_template_headings():
    card, report = huggingface_to_card(HUB_README)
    assert card.identity.name == "sentiment-small" and card.identity.licence == "apache-2.0"
    assert card.technical.base_model == "distilbert/distilbert-base-uncased"
    assert card.technical.training_datasets == ("imdb",)
    assert card.technical.evaluation_datasets == ("imdb",)
    assert [(m.name, m.value) for m in card.performance.metrics] == [("accuracy", 0.93)]
    assert card.uses.intended_uses == "Classify film reviews as positive or negative."
    assert card.uses.out_of_scope_uses == "Medical or legal text."
    assert card.considerations.limitations == "Trained on English reviews only."
    assert card.considerations.mitigations == "Check a sample of predictions each month."
    assert card.technical.training_data_description.startswith("```\n# not a heading")
    assert card.environment.co2e_kg == 1.5
    assert any("library_name" in line for line in report.not_read)
    assert any("Citation" in line for line in report.not_read)
    assert "The failure modes are missing." in report.missing


BILLION_LAUGHS = (
    "---\n"
    + "\n".join(
        [
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
            *(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
                for i in range(8)
            ),
        ]
    )
    + "\n---\n# bomb\n"
)


def test_a_yaml_bomb_is_refused_at_once():
    started = time.monotonic()
    with pytest.raises(ImportRefused, match="anchors or aliases"):
        huggingface_to_card(BILLION_LAUGHS)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\nlicense: [unclosed\n---\n# x\n", "malformed"),
        ("---\nlicense: mit\n# no closing line\n", "no closing"),
        ("---\n- a list\n---\n# x\n", "not a mapping"),
        ("---\nx: !!python/object/apply:os.system ['true']\n---\n", "malformed"),
        ("Just some words.\n", "Not a Hugging Face model card"),
        ("---\na: " + "[" * 50_000 + "\n---\n", "nested over 20 levels"),
        ("---\n" + "- x\n" * 20_000 + "---\n", "over 64 KB"),
    ],
)
def test_a_broken_readme_is_refused_with_its_reason_in_under_a_second(text, reason):
    started = time.monotonic()
    with pytest.raises(ImportRefused, match=reason):
        huggingface_to_card(text)
    assert time.monotonic() - started < 1
