"""Pure rules of incidents (DOMAIN.md section 6). No ORM, no I/O, no clock reads.

incident.py     the SLA table, business days, the clocks an incident runs and when each
                is due, warnings, severity changes, the status flow, the GDPR rules;
                re-exported here, so `from incidents import rules; rules.gdpr_applies(...)`
                and `from incidents.rules import SLA_KINDS` both work
drafts.py       the text of each notification from the incident's facts (GDPR Art. 33,
                Art. 34, leadership); drafts_art73.py the EU AI Act Art. 73 report;
                drafts_parts.py what every draft is made of
metrics.py      time to triage, contain, notify; SLA compliance by month
charts.py       those metrics as SVG, drawn on the server
clock_owners.py which role owns each clock and who hears when it is overdue (re-exported)
"""

from incidents.rules.clock_owners import *  # noqa: F403
from incidents.rules.incident import *  # noqa: F403
