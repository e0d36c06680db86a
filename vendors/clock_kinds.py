"""The vendors' deadline kinds on core's clocks engine."""

REASSESSMENT = "vendors.reassessment"  # yearly, and now after a vendor change
REMEDIATION = "vendors.remediation"  # a high-tier product's contractual remediation plan
