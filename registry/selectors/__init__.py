"""Every read of the registry a page or an endpoint needs, one module per subject:
systems (the list, one system, the portfolio), classification (the scheme, the review
queue, a system's history), gates and gate_pages (the lifecycle gates), reviews (system
reviews), checklist (the pre-deployment checklist), vendor_links (the products a system
uses). Import from the module itself."""
