"""Errors of the bank build, each naming the file (and line) a person must fix."""

from __future__ import annotations

from pathlib import Path

import yaml


class BankError(Exception):
    """The bank cannot be built or loaded; the message says what to fix."""


class BankFileError(BankError):
    """A file under ``content/`` is malformed."""

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {problem}")

    @classmethod
    def from_yaml(cls, path: Path | str, exc: yaml.YAMLError) -> BankFileError:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        text = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
        return cls(path, text, line=line)


class BankFileRefused(BankFileError):
    """A bank file goes past a safety limit (anchors or aliases, too many values, too deep, a huge text)."""


class UploadRefused(BankError):
    """An uploaded document cannot be read; ``reason`` is a sentence for the person who uploaded it.

    ``over_limit`` says the document was refused as too large or hostile (a size,
    line, question, YAML, CPU-time, memory or time limit; not UTF-8; binary),
    rather than read and found to hold nothing importable.
    """

    def __init__(self, reason: str, *, over_limit: bool = False) -> None:
        self.reason = reason
        self.over_limit = over_limit
        super().__init__(reason)

    def __reduce__(self) -> tuple[object, ...]:
        # Crosses the process boundary from the reader (bot.questionbank.sandbox) intact.
        return (_rebuild_refusal, (self.reason, self.over_limit))


def _rebuild_refusal(reason: str, over_limit: bool) -> UploadRefused:
    return UploadRefused(reason, over_limit=over_limit)
