"""The demo portfolio that `manage.py load_demo` writes through the services, once.

portfolio   the data: teams, people, systems, risks, incidents (data/*.yaml)
gates       gate histories of three systems
incidents   the demo's incidents, their clocks and notices
vendors     the vendors, products and assessments
packs       one finished audit pack
"""
