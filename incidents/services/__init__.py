"""Every write of incidents, one module per use case; import from the module:

report.py      incident_report, checklist_copy, incident_id_next
steps.py       incident_triage, incident_contain, incident_resolve, incident_close
changes.py     incident_severity_change, incident_awareness_correct, incident_facts_update
meet.py        incident_clock_meet (a sent notification meets GDPR / Art. 73 / leadership),
               incident_regulatory_assessment_record
work.py        incident_note_add, incident_lead_assign, incident_checklist_tick
sla_policy.py  sla_policy_change (administrators)
evidence.py    review_evidence_attach / _detach, notification_evidence_attach / _detach
               (files behind the post-incident review and a sent notification)
clocks.py      incident_clocks_sync (inside the services above; not a use case itself)

Reads are in incidents.selectors; the pure rules in incidents.rules.
"""
