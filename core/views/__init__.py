"""The kernel's pages: inbox, audit trail, profile and API tokens, health check."""
