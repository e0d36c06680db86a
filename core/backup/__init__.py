"""Backup and restore of the whole portal (issue 21): see core.backup.rules."""
