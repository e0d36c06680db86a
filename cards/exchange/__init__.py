"""Model cards in and out: CycloneDX 1.6 ML-BOM, SPDX 3.0.1 AI, Hugging Face README, and
the Markdown layout for regulators. Pure functions over cards.rules.content.Card; saving
an imported card as a draft version is the services' job."""
