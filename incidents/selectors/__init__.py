"""Every read of incidents a page or an endpoint needs, in a fixed number of queries.

incident.py            incidents, their clocks, the lists' selectors, the SLA policy in
                       force; re-exported here (`from incidents.selectors import ...`)
pages.py               one incident with everything its page shows, a notification, the
                       system panel, the rows the metrics compute from
leadership_report.py   the weekly leadership report
calendar.py            the organisation's business-day calendar (from its profile)
"""

from incidents.selectors.incident import *  # noqa: F403
