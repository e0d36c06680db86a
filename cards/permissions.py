"""Who may do what with models, cards and datasets (filled in with the services)."""
