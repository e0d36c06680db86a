"""The governance board's lists of the core list kit, each declared once for its page,
its API list and its CSV/XLSX export.

  risks      the risk register
  packs      the audit packs
  sessions   the board's review sessions
"""
