"""Pure rules of model cards and datasheets (DOMAIN.md 7). No ORM, no I/O, no clock."""
