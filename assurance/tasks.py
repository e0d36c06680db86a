"""Assurance's Celery tasks: thin, taking ids, calling a service.

Monitoring has none of its own: a batch of values is judged in the request that brings
it (one statement and the episodes it touches), and silence is a deadline that core's
sweep (core.tasks) tells when it passes."""
