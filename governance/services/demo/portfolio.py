"""The demo portfolio: the company of DOMAIN.md, its people and its 14 AI systems.

Data only; `manage.py load_demo` writes it through the services, once.
Every demo login shares the password below and exists only after load_demo ran.
"""

from pathlib import Path

import yaml

from registry import vocabulary

DEMO_PASSWORD = "demo-governance"

TEAMS = {
    "People Ops": "Hiring, onboarding and people analytics.",
    "Customer Success": "Support channels, billing help and retention.",
    "Finance Risk": "Payments fraud, consumer credit and merchant financing.",
    "Trust & Safety": "Moderation of the marketplace and its community.",
    "Operations": "Fleet, logistics and maintenance planning.",
    "Data Platform": "The shared data lake, catalogue and pipelines.",
    "Knowledge Tools": "Internal search and writing assistants.",
}

# The demo organisation's profile (DOMAIN.md 13): a Berlin marketplace company. The
# authorities are the real Berlin ones (their public addresses); the people are the demo's.
ORGANISATION = {
    "legal_name": "Example Marketplace GmbH",
    "address": "Friedrichstraße 123\n10117 Berlin\nGermany",
    "establishment_country": "DE",
    "time_zone": "Europe/Berlin",
    "holiday_country": "DE",
    "holiday_subdivision": "BE",
    "dpo_name": "Dana Privacy",
    "dpo_email": "dpo@example.com",
    "dpo_phone": "+49 30 5550 1234",
    "supervisory_authority_name": "Berliner Beauftragte für Datenschutz und Informationsfreiheit",
    "supervisory_authority_contact": "Alt-Moabit 59-61, 10555 Berlin; "
    "mailbox@datenschutz-berlin.de",
    "market_surveillance_authority_name": "Bundesnetzagentur (AI market surveillance)",
    "market_surveillance_authority_contact": "Tulpenfeld 4, 53113 Bonn; poststelle@bnetza.de",
    "support_contact": "Customer support, support@example.com, +49 30 5550 1000 "
    "(Monday to Friday, 9:00 to 18:00)",
}

# (e-mail, full name, role, team for a product owner, what to try as this person)
USERS = [
    ("admin@example.com", "Alex Admin", "admin", None, "users, roles, teams, libraries"),
    ("board@example.com", "Bea Board", "board", None, "dashboard, risk register, reviews"),
    ("owner@example.com", "Omar Owner", "product_owner", "People Ops", "People Ops systems"),
    (
        "owner2@example.com",
        "Olga Owner",
        "product_owner",
        "Customer Success",
        "Customer Success systems",
    ),
    ("dpo@example.com", "Dana Privacy", "dpo", None, "privacy assessments, GDPR clocks"),
    ("auditor@example.com", "Aud Itor", "auditor", None, "read everything, evidence packs"),
    ("ciso@example.com", "Cyrus Security", "ciso", None, "gate approvals as CISO"),
    ("legal@example.com", "Lena Legal", "legal", None, "EU AI Act decisions"),
    ("engmanager@example.com", "Eric Engineering", "eng_manager", None, "engineering approvals"),
    ("security@example.com", "Sam Secure", "security_lead", None, "security assessments"),
    ("safety@example.com", "Sofia Safety", "ai_safety", None, "risk classification"),
    ("responder@example.com", "Rui Responder", "responder", None, "incidents"),
]


DIMENSIONS = vocabulary.DIMENSIONS
SCREENING_QUESTIONS = vocabulary.AI_ACT_ANSWER_KEYS


def inputs(values: str) -> dict[str, str]:
    """The six classification dimensions of DOMAIN.md 2.1, space-separated in table order."""
    words = values.split()
    assert len(words) == len(DIMENSIONS), values
    return dict(zip(DIMENSIONS, words, strict=True))


def screening(answers: str, category: str, annex: str = "", rationale: str = "") -> dict:
    """The four AI Act screening answers ("yes no no yes", in DOMAIN.md 2.2 order) and
    the category decided on them."""
    words = answers.split()
    assert set(words) <= {"yes", "no"} and len(words) == len(SCREENING_QUESTIONS), answers
    return {
        "answers": {q: w == "yes" for q, w in zip(SCREENING_QUESTIONS, words, strict=True)},
        "category": category,
        "annex_area": annex,
        "rationale": rationale,
    }


NOT_APPLICABLE = "not_applicable"

# The app's data folder (governance/data), two levels above this package.
DATA = Path(__file__).resolve().parents[2] / "data"
PORTFOLIO_FILE = DATA / "demo_portfolio.yaml"


def systems() -> list[dict]:
    """The 14 systems of data/demo_portfolio.yaml, each with its model fields,
    `classification` (inputs, rationale), `screening` (as `screening()` gives it),
    `controls` {key: (status, evidence or justification)}, `later` changes and
    `proposal` (proposer's e-mail, inputs, rationale)."""
    with PORTFOLIO_FILE.open(encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)
    return [_system(entry) for entry in entries]


def _system(entry: dict) -> dict:
    spec = dict(entry)
    if "classification" in entry:
        found = entry["classification"]
        spec["classification"] = (inputs(found["inputs"]), found["rationale"])
    if "proposal" in entry:
        found = entry["proposal"]
        spec["proposal"] = (found["by"], inputs(found["inputs"]), found["rationale"])
    if "screening" in entry:
        found = entry["screening"]
        spec["screening"] = screening(
            found["answers"],
            found["category"],
            found.get("annex_area", ""),
            found.get("rationale", ""),
        )
    if "controls" in entry:
        spec["controls"] = {key: tuple(value) for key, value in entry["controls"].items()}
    return spec


CLASSIFIED_BY = "safety@example.com"
SCREENED_BY = "legal@example.com"


RISKS_FILE = DATA / "demo_risks.yaml"
RISKS_BY = "board@example.com"  # the board member who records the demo register


def risks() -> list[dict]:
    """The demo register of data/demo_risks.yaml: ratings as [likelihood, impact], the
    owner as an e-mail or a team name, dates as days from the loading day."""
    with RISKS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# Incidents (issue 8): data/demo_incidents.yaml says what each is and what happened
# afterwards; the responder below triages and contains them.
INCIDENTS_BY = "responder@example.com"
INCIDENTS_FILE = DATA / "demo_incidents.yaml"


def incidents() -> list[dict]:
    """The demo's incidents of data/demo_incidents.yaml."""
    with INCIDENTS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
