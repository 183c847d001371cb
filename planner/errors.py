"""The domain's refusals, each worded for the person who will read it.

Pure: models raise them, views show their text. The pure modules keep their own
errors (``paces.InvalidRace``, ``resolution.TemplateError``,
``scheduling.SchedulingError``); the models turn those into these.
"""

from __future__ import annotations

from planner.rules import Violation


class BlockRefused(ValueError):
    """A block or an edit the rules do not allow; the message is written for the coach."""

    def __init__(self, message: str, violations: tuple[Violation, ...] = ()) -> None:
        super().__init__(message)
        self.violations = violations


class StaleBlock(BlockRefused):
    """The coach edited an older version of the block than the one now stored."""


class LogRefused(ValueError):
    """A log entry that cannot be right; the message is written for the runner."""
