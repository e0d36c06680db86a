"""The registry's lists, each declared once for its page, its API list and its export
(core.lists): systems (with its filters in system_filters) and gates (the gate request
list). Import from the module itself."""
