"""Assurance records in the Django admin: read for administrators; every change goes
through the services (and so the audit trail)."""
