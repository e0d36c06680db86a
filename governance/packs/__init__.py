"""Audit packs (issue 10): what goes into a pack (content), how it is built (checkpoint,
manifest, PDF/A-3b rendering, signature), and how a pack is verified afterwards."""
