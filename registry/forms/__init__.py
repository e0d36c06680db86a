"""Forms of the registry's pages, one module per subject: systems (a system, its
controls and reviews), classification (its classification, the decisions on a proposal,
the AI Act screening and the scoring scheme), gates, evidence and vendor_links. They
parse what a person typed; the services decide whether it may be saved. Import from the
module itself."""
