"""Every write of vendors, one module per use case; import from the module:

catalogue.py    vendor_create, vendor_update, product_create
assessments.py  assessment_create, assessment_update
scoring.py      assessment_score (stores the result, supersedes the previous one, and
                keeps the yearly re-assessment clock)
approval.py     assessment_ciso_approve (high tier: CISO approval + remediation plan)
evidence.py     assessment_evidence_attach
changes.py      vendor_change_record (an immediate re-assessment)
clocks.py       reassessment_clock_set (inside the services above; not a use case itself)

The pure rules are in vendors.rules; the reads in vendors.selectors.
"""
