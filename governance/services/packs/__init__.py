"""Audit packs (issue 10), one module per step of a pack's life:

export     request, run (in the export worker), retry, download record, sweep
content    what goes into a pack (system_content, portfolio_content, clocks)
build      checkpoint, manifest, PDF/A-3b rendering, signature
manifest   the JSON manifest attached to the PDF
verify     how a pack is verified afterwards
"""
