"""The incidents app's lists, each declared once for its page, its API and its export
(core list kit): the incident list (incident.py) and the breach register (breach.py)."""
