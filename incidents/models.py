"""Incidents, SLA and regulatory clocks: arrive with the incidents issue."""
