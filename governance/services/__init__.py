"""Every write of the governance board's layer, one module per entity."""
