"""Why an import was refused, in words a person can act on."""

from __future__ import annotations


class ImportRefused(ValueError):
    """The file is not imported at all (nothing half-imported); `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
