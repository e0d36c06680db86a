"""Every write of incidents, one module per use case; import from the module, e.g.
`from incidents.services.report import incident_report`."""
