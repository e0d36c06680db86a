"""Risk register, compliance library, audit packs: arrive with later issues."""
