"""Why a tool's file was refused, with where in the file (a line, or a JSON path for a
JSON document whose structure is wrong) and the reason a person can act on."""

from __future__ import annotations


class ImportRefused(ValueError):
    """The file is not imported at all (nothing half-imported).

    `line` is the file's line (1-based) for line-oriented files and JSON syntax errors;
    `where` a JSON path ("results.results[3]") for a JSON document's structure."""

    def __init__(self, reason: str, *, line: int | None = None, where: str = ""):
        self.reason = reason
        self.line = line
        self.where = where
        super().__init__(self.shown)

    @property
    def shown(self) -> str:
        if self.line is not None:
            return f"line {self.line}: {self.reason}"
        if self.where:
            return f"{self.where}: {self.reason}"
        return self.reason

    def __str__(self) -> str:
        return self.shown
