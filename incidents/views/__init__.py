"""The incident pages: the list, the report form, one incident with its clocks,
timeline, checklist and notifications, the DPO's page of regulatory clocks, the
metrics, and the panel on the system page."""
