"""Errors that services raise and views turn into French messages."""

from __future__ import annotations


class RuleError(ValueError):
    """A refused change; `field` names the form field the French message belongs to."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
