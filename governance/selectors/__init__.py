"""Every read of the governance board's pages and endpoints, one module per entity, each
at a fixed number of queries however much data there is.

  risks          the risk register: the list, one risk, its decision, its history
  risk_history   a risk's history in words (the names its events point at)
  sessions       the board's review sessions and their minutes
  packs          audit packs: the list, one pack, its bytes, the systems offered
  systems        the registry's systems by their IDs (the CSV import, the API)
  board          the board's page: what needs it now, heat maps, trend, regulatory clocks
"""
