"""A worked example card (the hiring screener) and the context an export needs."""

from __future__ import annotations

from datetime import UTC, date, datetime

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

CREATED = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CONTEXT = {
    "system_id": 7,
    "system_name": "Hiring screener",
    "organisation": "Example Ltd",
    "model_key": "cv-ranker",
    "version_number": 3,
}
DATASHEETS = {
    "resumes-2019-2024": {
        "name": "Résumés 2019-2024",
        "version": 2,
        "content": {
            "motivation": "Rank applications for recruiters.",
            "composition": "48,000 applications with outcomes.",
            "collection": "Exported from the applicant tracking system.",
            "preprocessing": "Names and photos removed.",
            "known_biases": "Few applicants over 60.",
            "personal_data": True,
        },
    }
}

SCREENER = Card(
    identity=Identity(
        model_id="cv-ranker",
        name="CV ranker",
        version="3.0",
        release_date=date(2026, 11, 2),
        previous_version="2.1",
        authors=("Ada Example", "Grace Example"),
        organisation="Example Ltd",
        licence="Proprietary",
    ),
    uses=Uses(
        intended_uses="Rank applications for a recruiter to read first.",
        intended_users="Recruiters of Example Ltd.",
        out_of_scope_uses="Rejecting an applicant without a person reading the application.",
        prohibited_uses="Inferring health, religion or ethnicity.",
    ),
    performance=Performance(
        metrics=(
            Metric("accuracy", 93.5, "%", "", 92.8, 94.1, 92.0, AT_LEAST),
            Metric("accuracy", 91.0, "%", "age 60+", 89.2, 92.6, 92.0, AT_LEAST),
            Metric("false positive rate", 0.04, "", "women", None, None, 0.05, AT_MOST),
        ),
        caveats="Measured on 2024 applications only.",
    ),
    technical=Technical(
        model_type="gradient-boosted trees",
        base_model="",
        hyperparameters="500 trees, depth 6, learning rate 0.05",
        training_data_description="Applications 2019-2023 with the recruiter's decision.",
        training_data_size="40,000 applications",
        evaluation_data="Applications of 2024.",
        training_datasets=("resumes-2019-2024",),
        evaluation_datasets=("resumes-2019-2024",),
    ),
    considerations=Considerations(
        limitations="Not trained on roles outside engineering.",
        failure_modes="Ranks career breaks low.",
        identified_biases="Lower accuracy for applicants over 60.",
        fairness_evaluation="Equal opportunity difference by age and gender.",
        safety_risks="Unfair rejection if used without a recruiter.",
        mitigations="A recruiter reads every application; quarterly bias review.",
    ),
    environment=Environment(energy_kwh=12.5, co2e_kg=3.1, compute="2 CPU hours"),
    governance=Governance(
        risk_tier="high",
        oversight_level="full",
        approvers=("AI safety lead",),
        approval_date=date(2026, 11, 20),
        review_months=6,
        incident_contact="ai-incidents@example.com",
        regulations=("EU AI Act", "GDPR"),
    ),
)
