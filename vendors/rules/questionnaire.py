"""When an assessment's questionnaire may be sent to the vendor (pure: the caller says
whether a link is open now)."""

from __future__ import annotations

from vendors.choices import AssessmentStatus

WITH_THE_VENDOR = (
    "The questionnaire is with the vendor: withdraw the open link before sending a new one."
)
ANSWERED = (
    "The vendor answered already: review their answers, or edit them, rather than "
    "sending the questionnaire again."
)
DONE = "A {status} assessment is not sent to the vendor; start a re-assessment instead."


def send_refusal(status: str, *, link_open: bool) -> str:
    """Why the questionnaire of an assessment in `status` is not sent now, or "".

    Only a draft is sent. A "sent" assessment whose every link lapsed unanswered counts
    as a draft again: nobody can answer it any more, and nothing else would bring it
    back (a lapsed link cannot be withdrawn)."""
    if status == AssessmentStatus.DRAFT:
        return ""
    if status == AssessmentStatus.SENT:
        return WITH_THE_VENDOR if link_open else ""
    if status == AssessmentStatus.ANSWERED:
        return ANSWERED
    return DONE.format(status=AssessmentStatus(status).label.lower())
