"""The incident pages' forms (thin: the services check the rules and name the field):
reporting and working an incident, its notifications (incident.py), the facts its
notices carry (notice_facts.py), the SLA policy (sla.py)."""
