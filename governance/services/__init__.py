"""Every write of the governance board's layer, one module per use case.

Each service is keyword-only and atomic, checks `core.permissions.require` first,
validates before it saves (a field-named ValidationError, nothing saved) and records
its audit event in the same transaction.
"""
