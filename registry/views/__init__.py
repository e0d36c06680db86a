"""The registry's server-rendered pages, one module per group of pages."""
