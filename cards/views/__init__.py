"""The model card and dataset pages (cards.urls)."""
