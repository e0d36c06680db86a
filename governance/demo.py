"""The demo portfolio: the company of DOMAIN.md, its people and its 14 AI systems.

Data only; `manage.py load_demo` writes it through the services, once.
Every demo login shares the password below and exists only after load_demo ran.
"""

from datetime import date

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

VENDORS = {
    "TalentSift": ("https://talentsift.example", "Resume parsing and ranking API."),
    "Nimbus AI": ("https://nimbus-ai.example", "Hosted large language model API."),
    "ClearSignal": ("https://clearsignal.example", "Content classification models."),
}


DIMENSIONS = (
    "decision_impact",
    "human_oversight",
    "data_sensitivity",
    "user_vulnerability",
    "deployment_scale",
    "decision_reversibility",
)
SCREENING_QUESTIONS = (
    "affects_access",
    "physical_safety_risk",
    "public_authority_annex_iii",
    "legal_effect",
)


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


IMPLEMENTED, IN_PROGRESS, NOT_APPLICABLE = "implemented", "in_progress", "not_applicable"

# Each system: model fields (owner_team and vendor by name), the classification,
# the AI Act screening, control progress {key: (status, evidence or justification)},
# and `later`: changes made after classification (they flag re-classification).
SYSTEMS = [
    {
        "fields": {
            "system_id": "SYS-001",
            "name": "Hiring resume screener",
            "description": "Ranks incoming applications for open roles and proposes a "
            "shortlist that recruiters review before inviting candidates.",
            "owner_team": "People Ops",
            "vendor": "TalentSift",
            "model_version": "TalentSift rank API 2025-06, prompt set v4",
            "lifecycle_stage": "production",
            "deployment_date": date(2024, 9, 2),
            "intended_uses": "Shortlisting applicants for recruiter review.",
            "prohibited_uses": "Automatic rejection; inferring age, health or ethnicity.",
            "processes_eu_personal_data": True,
            "legal_effect_decisions": True,
            "incident_contact": "people-ops-oncall@example.com",
            "regulatory_scope": ["eu_ai_act", "gdpr", "eeoc"],
        },
        "classification": (
            inputs("employment partial sensitive general_public thousands difficult_to_reverse"),
            "Shapes who is invited to interview; recruiters see every shortlist but rarely "
            "look below it, so a wrong ranking is hard to undo for the applicant.",
        ),
        "screening": screening(
            "yes no no yes",
            "high_risk",
            "employment",
            "Annex III point 4: recruitment and selection of persons.",
        ),
        "controls": {
            "security-assessment": (IMPLEMENTED, "SEC-2024-031 vendor security review"),
            "privacy-impact-assessment": (IMPLEMENTED, "DPIA-2024-007"),
            "model-card": (IMPLEMENTED, "Model card v3 (Confluence: People Ops/AI)"),
            "human-escalation-path": (IMPLEMENTED, "Recruiter override runbook"),
            "bias-testing": (IN_PROGRESS, "Adverse impact ratio study, Q3 sample"),
            "red-team-engagement": (IN_PROGRESS, ""),
        },
    },
    {
        "fields": {
            "system_id": "SYS-002",
            "name": "Billing customer-service chatbot",
            "description": "Answers billing questions in the help centre, explains invoices "
            "and hands over to an agent for refunds and disputes.",
            "owner_team": "Customer Success",
            "vendor": "Nimbus AI",
            "model_version": "nimbus-chat-2025-04 via API, retrieval index 2025-10-01",
            "lifecycle_stage": "production",
            "deployment_date": date(2025, 2, 17),
            "intended_uses": "Explaining invoices and billing terms to customers.",
            "prohibited_uses": "Granting refunds, credit or payment plans.",
            "processes_eu_personal_data": True,
            "incident_contact": "cs-oncall@example.com",
            "regulatory_scope": ["gdpr", "ccpa"],
        },
        "classification": (
            inputs("financial partial sensitive general_public thousands reversible"),
            "Answers about money owed; agents take over disputed cases and every answer "
            "can be corrected on the next contact.",
        ),
        "screening": screening(
            "no no no no", "limited", "", "A chatbot: customers must be told they talk to an AI."
        ),
        "controls": {
            "security-checklist": (IMPLEMENTED, "Checklist 2025-02 signed by security lead"),
            "privacy-review": (IMPLEMENTED, "PR-2025-003"),
            "model-card": (IN_PROGRESS, ""),
            "production-monitoring": (IMPLEMENTED, "Dashboard: cs-bot-quality"),
        },
    },
    {
        "fields": {
            "system_id": "SYS-003",
            "name": "Internal document summarizer",
            "description": "Summarises internal policies, meeting notes and tickets for "
            "employees inside the intranet search.",
            "owner_team": "Knowledge Tools",
            "vendor": "Nimbus AI",
            "model_version": "nimbus-summarise-2025-01",
            "lifecycle_stage": "production",
            "deployment_date": date(2025, 3, 3),
            "intended_uses": "Summaries of internal documents for staff.",
            "prohibited_uses": "Summarising HR case files or customer data exports.",
            "incident_contact": "knowledge-tools@example.com",
            "regulatory_scope": ["gdpr"],
        },
        "classification": (
            inputs("informational full sensitive professionals internal reversible"),
            "Staff read the source next to the summary; nothing is decided from it.",
        ),
        "screening": screening("no no no no", "minimal"),
        "controls": {
            "security-checklist": (IMPLEMENTED, "Checklist 2025-03"),
            "basic-documentation": (IMPLEMENTED, "Intranet: Knowledge Tools/Summarizer"),
        },
    },
    {
        "fields": {
            "system_id": "SYS-004",
            "name": "Payment fraud detection",
            "description": "Scores every card payment for fraud and holds the riskiest for "
            "analyst review.",
            "owner_team": "Finance Risk",
            "model_version": "gbm-fraud 7.3.0",
            "lifecycle_stage": "production",
            "deployment_date": date(2023, 11, 6),
            "intended_uses": "Holding suspicious payments for analyst review.",
            "prohibited_uses": "Closing accounts without analyst review.",
            "processes_eu_personal_data": True,
            "incident_contact": "fraud-oncall@example.com",
            "regulatory_scope": ["gdpr", "eu_ai_act"],
        },
        "classification": (
            inputs(
                "financial partial highly_sensitive general_public millions difficult_to_reverse"
            ),
            "Every payment is scored; a held payment can cost a customer a purchase, and "
            "analysts review only the held ones.",
        ),
        "screening": screening(
            "yes no no no",
            "minimal",
            "",
            "Annex III point 5(b) excludes AI systems used to detect financial fraud; "
            "decided by Legal against the presumption.",
        ),
        "controls": {
            "security-assessment": (IMPLEMENTED, "SEC-2023-112"),
            "privacy-impact-assessment": (IMPLEMENTED, "DPIA-2023-019"),
            "production-monitoring": (IMPLEMENTED, "Dashboard: fraud-model-drift"),
            "rollback-capability": (IMPLEMENTED, "Previous model kept warm; runbook RB-12"),
            "incident-response-plan": (IN_PROGRESS, ""),
        },
    },
    {
        "fields": {
            "system_id": "SYS-005",
            "name": "Marketplace content moderation",
            "description": "Removes listings and messages that break the marketplace rules "
            "and suspends repeat offenders automatically.",
            "owner_team": "Trust & Safety",
            "vendor": "ClearSignal",
            "model_version": "ClearSignal moderation v12 + in-house rules 2025-09",
            "lifecycle_stage": "production",
            "deployment_date": date(2024, 4, 15),
            "intended_uses": "Removing prohibited listings and abusive messages.",
            "prohibited_uses": "Ranking or demoting lawful political content.",
            "processes_eu_personal_data": True,
            "incident_contact": "trust-safety-oncall@example.com",
            "regulatory_scope": ["dsa", "gdpr"],
        },
        "classification": (
            inputs(
                "access_to_services none sensitive vulnerable_populations"
                " millions difficult_to_reverse"
            ),
            "Removals and suspensions are automatic; the platform allows users from 16, so "
            "minors are affected; appeals take days.",
        ),
        "screening": screening(
            "no no no no", "minimal", "", "Not an Annex III use; duties come from the DSA."
        ),
        "controls": {
            "continuous-monitoring": (IMPLEMENTED, "Dashboard: moderation precision"),
            "appeal-mechanism-for-affected-persons": (IMPLEMENTED, "DSA appeal form"),
            "incident-response-plan": (IMPLEMENTED, "IRP-TS-2024"),
            "mandatory-human-review-of-decisions": (IN_PROGRESS, "Review of suspensions"),
            "third-party-bias-audit": (IN_PROGRESS, ""),
        },
    },
    {
        "fields": {
            "system_id": "SYS-006",
            "name": "Consumer credit scoring",
            "description": "Scores applications for buy-now-pay-later credit and declines "
            "the lowest scores automatically.",
            "owner_team": "Finance Risk",
            "model_version": "credit-score 4.1 (logistic, 38 features)",
            "lifecycle_stage": "production",
            "deployment_date": date(2024, 6, 10),
            "intended_uses": "Deciding on consumer credit up to EUR 1,000.",
            "prohibited_uses": "Using postcode or nationality as a feature.",
            "processes_eu_personal_data": True,
            "legal_effect_decisions": True,
            "incident_contact": "credit-risk@example.com",
            "regulatory_scope": ["eu_ai_act", "gdpr", "ecoa"],
        },
        "classification": (
            inputs(
                "financial none highly_sensitive general_public"
                " hundreds_of_thousands difficult_to_reverse"
            ),
            "Declines are automatic and reported to the applicant; a decline is hard to "
            "reverse once the purchase is gone.",
        ),
        "screening": screening(
            "yes no no yes",
            "high_risk",
            "essential_services",
            "Annex III point 5(b): creditworthiness of natural persons.",
        ),
        "controls": {
            "security-assessment": (IMPLEMENTED, "SEC-2024-044"),
            "privacy-impact-assessment": (IMPLEMENTED, "DPIA-2024-011"),
            "bias-testing": (IMPLEMENTED, "Fair lending analysis 2025-H1"),
            "model-card": (IN_PROGRESS, ""),
            "human-escalation-path": (IN_PROGRESS, "Manual review queue for appeals"),
        },
    },
    {
        "fields": {
            "system_id": "SYS-007",
            "name": "Churn prediction",
            "description": "Predicts which subscribers are likely to cancel so the retention "
            "team can call them.",
            "owner_team": "Customer Success",
            "model_version": "churn-xgb 2.4",
            "lifecycle_stage": "production",
            "deployment_date": date(2024, 1, 22),
            "intended_uses": "Prioritising retention calls.",
            "prohibited_uses": "Changing prices or terms for individual customers.",
            "processes_eu_personal_data": True,
            "incident_contact": "cs-analytics@example.com",
            "regulatory_scope": ["gdpr", "ccpa"],
        },
        "classification": (
            inputs("informational full sensitive general_public hundreds_of_thousands reversible"),
            "A call list for people; customers are not told their score and nothing "
            "changes for them because of it.",
        ),
        "screening": screening("no no no no", "minimal"),
        "controls": {
            "security-checklist": (IMPLEMENTED, "Checklist 2024-01"),
            "privacy-review": (IMPLEMENTED, "PR-2024-002"),
            "model-card": (IMPLEMENTED, "Model card v2"),
            "basic-bias-testing": (IN_PROGRESS, ""),
        },
    },
    {
        "fields": {
            "system_id": "SYS-008",
            "name": "Fleet predictive maintenance",
            "description": "Predicts brake and tyre wear of delivery vans from telemetry and "
            "schedules workshop visits.",
            "owner_team": "Operations",
            "model_version": "wear-forecast 1.9",
            "lifecycle_stage": "production",
            "deployment_date": date(2024, 10, 1),
            "intended_uses": "Scheduling inspections before parts wear out.",
            "prohibited_uses": "Extending inspection intervals beyond the legal minimum.",
            "incident_contact": "fleet-ops@example.com",
            "regulatory_scope": ["iso_42001"],
        },
        "classification": (
            inputs("life_safety partial non_sensitive professionals internal difficult_to_reverse"),
            "A missed prediction could leave a worn brake in service; mechanics inspect "
            "every van on the legal schedule regardless.",
        ),
        "controls": {
            "privacy-review": (NOT_APPLICABLE, "Vehicle telemetry only; no driver data."),
            "security-checklist": (IMPLEMENTED, "Checklist 2024-09"),
            "production-monitoring": (IN_PROGRESS, ""),
        },
    },
    {
        "fields": {
            "system_id": "SYS-009",
            "name": "Hazardous cargo route optimiser",
            "description": "Plans routes and departure times for trucks carrying dangerous "
            "goods (ADR classes 2 and 3) and dispatches them to drivers.",
            "owner_team": "Operations",
            "model_version": "route-rl 0.8-rc2",
            "lifecycle_stage": "pre_deployment",
            "intended_uses": "Routing dangerous-goods trucks around tunnels and towns.",
            "prohibited_uses": "Overriding tunnel restrictions or driver rest times.",
            "incident_contact": "fleet-ops@example.com",
            "regulatory_scope": ["eu_ai_act", "iso_42001"],
        },
        "classification": (
            inputs(
                "life_safety none non_sensitive general_public hundreds_of_thousands irreversible"
            ),
            "Routes go to drivers without review; an accident with dangerous goods harms "
            "people near the road and cannot be undone.",
        ),
        "screening": screening(
            "no yes no no",
            "high_risk",
            "critical_infrastructure",
            "Annex III point 2: safety component in road traffic.",
        ),
        "controls": {
            "independent-security-assessment": (IN_PROGRESS, "Tender with external lab"),
            "incident-response-plan": (IMPLEMENTED, "IRP-OPS-2025"),
            "rollback-capability": (IMPLEMENTED, "Static route tables as fallback"),
        },
    },
    {
        "fields": {
            "system_id": "SYS-010",
            "name": "Merchant financing scorer",
            "description": "Scores merchants on the marketplace for cash advances against "
            "future sales.",
            "owner_team": "Finance Risk",
            "model_version": "merchant-advance 1.2",
            "lifecycle_stage": "production",
            "deployment_date": date(2025, 5, 5),
            "intended_uses": "Offering cash advances to incorporated merchants.",
            "prohibited_uses": "Personal credit decisions.",
            "incident_contact": "credit-risk@example.com",
            "regulatory_scope": ["gdpr"],
        },
        "classification": (
            inputs("financial partial sensitive professionals thousands difficult_to_reverse"),
            "Companies, not people, apply; an analyst approves every advance above EUR 5,000.",
        ),
        "screening": screening(
            "yes no no no",
            "minimal",
            "",
            "Applicants are legal persons, outside Annex III point 5(b); decided by Legal.",
        ),
        "controls": {
            "security-checklist": (IMPLEMENTED, "Checklist 2025-04"),
            "engineering-manager-approval": (IMPLEMENTED, "Approved 2025-04-28"),
        },
        # Sole traders (natural persons) were let in: the use outgrew its assessment.
        "later": {
            "intended_uses": "Offering cash advances to merchants, sole traders included.",
            "user_population": "general_public",
            "deployment_scale": "hundreds_of_thousands",
        },
    },
    {
        "fields": {
            "system_id": "SYS-011",
            "name": "Refund support agent",
            "description": "An LLM agent in the support chat that checks orders and issues "
            "refunds up to EUR 50 without an agent.",
            "owner_team": "Customer Success",
            "vendor": "Nimbus AI",
            "model_version": "nimbus-agent-2025-08, tools v2",
            "lifecycle_stage": "development",
            "intended_uses": "Refunds of damaged or missing items up to EUR 50.",
            "prohibited_uses": "Refunds above EUR 50; changing account details.",
            "processes_eu_personal_data": True,
            "incident_contact": "cs-oncall@example.com",
            "regulatory_scope": ["gdpr", "ccpa", "eu_ai_act"],
        },
        "classification": (
            inputs("financial none sensitive general_public hundreds_of_thousands reversible"),
            "Refunds are paid without review, within a cap; a wrong refund can be reversed.",
        ),
        "screening": screening(
            "no no no no", "limited", "", "Chat interface: must disclose that it is an AI."
        ),
        "controls": {
            "red-team-engagement": (IN_PROGRESS, "Prompt-injection exercise booked"),
            "security-assessment": (IN_PROGRESS, ""),
        },
    },
    {
        "fields": {
            "system_id": "SYS-012",
            "name": "Workplace sentiment monitor",
            "description": "Proposal: infer employees' mood from chat messages and video "
            "calls to flag burnout risk to managers.",
            "owner_team": "People Ops",
            "lifecycle_stage": "conception",
            "intended_uses": "Flagging burnout risk to managers.",
            "processes_eu_personal_data": True,
            "incident_contact": "people-ops-oncall@example.com",
            "regulatory_scope": ["eu_ai_act", "gdpr"],
        },
        "classification": (
            inputs("employment none special_category professionals thousands difficult_to_reverse"),
            "Infers health-related states of employees and reaches their managers unreviewed.",
        ),
        "screening": screening(
            "yes no no no",
            "prohibited",
            "",
            "Emotion recognition in the workplace: prohibited by Article 5(1)(f).",
        ),
        "controls": {},
    },
    {
        "fields": {
            "system_id": "SYS-013",
            "name": "Data catalogue PII tagger",
            "description": "Tags columns in the data lake that look like personal data so "
            "access rules follow them.",
            "owner_team": "Data Platform",
            "model_version": "pii-ner 0.3",
            "lifecycle_stage": "development",
            "intended_uses": "Suggesting personal-data tags to data stewards.",
            "incident_contact": "data-platform@example.com",
        },
    },
    {
        "fields": {
            "system_id": "SYS-014",
            "name": "Warehouse demand forecasting",
            "description": "Forecasts daily order volumes per warehouse for staff planning.",
            "owner_team": "Operations",
            "lifecycle_stage": "conception",
            "intended_uses": "Staffing plans per warehouse and shift.",
            "incident_contact": "fleet-ops@example.com",
        },
    },
]

# Who records what, as the RACI of DOMAIN.md section 1 would have it.
CLASSIFIED_BY = "safety@example.com"
SCREENED_BY = "legal@example.com"
