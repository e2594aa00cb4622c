"""Lint waivers: ``waive: [{check, text, reason}]`` under a question's entry in ``content/overrides.yaml``.

A waiver silences the findings of its question with the same check whose text
contains the waiver's ``text``. A waiver that silences nothing is stale (the
text was corrected, or the waiver was mistyped): a finding of its own, so
waivers never outlive their reason. The build reads the file and checks each
waiver's shape (``bot.questionbank.overrides``); only the lint knows its check codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.questionbank.lint_text import Finding, excerpt
from bot.questionbank.overrides import load_overrides

STALE_WAIVER = "stale-waiver"
UNKNOWN_CHECK = "waiver-unknown-check"


@dataclass(frozen=True, slots=True)
class Waiver:
    question_id: str
    index: int  # 1-based, among its question's waivers
    check: str
    text: str
    reason: str

    def matches(self, finding: Finding) -> bool:
        return (
            finding.question_id == self.question_id
            and finding.check == self.check
            and self.text in finding.text
        )


def read_waivers(overrides: Path) -> list[Waiver]:
    """Every waiver in ``overrides`` (a missing file has none); a malformed file is a ``BankFileError``."""
    return [
        Waiver(qid, i, w.check, w.text, w.reason)
        for qid, entry in load_overrides(overrides).items()
        for i, w in enumerate(entry.waivers, 1)
    ]


def apply_waivers(
    findings: Sequence[Finding], waivers: Iterable[Waiver], linted_ids: set[str], known_checks: set[str]
) -> tuple[list[Finding], int]:
    """``findings`` less the waived ones, plus one for each waiver that waives nothing; and how many were waived.

    Only waivers of ``linted_ids`` can be stale: linting one file says nothing of another's waivers.
    """
    waivers = [w for w in waivers if w.question_id in linted_ids]
    used: set[Waiver] = set()
    kept = []
    for finding in findings:
        match = next((w for w in waivers if w.matches(finding)), None)
        if match is None:
            kept.append(finding)
        else:
            used.add(match)
    waived = len(findings) - len(kept)
    for w in waivers:
        if w in used:
            continue
        unknown = w.check not in known_checks
        kept.append(
            Finding(
                w.question_id,
                f"waive:{w.index}",
                UNKNOWN_CHECK if unknown else STALE_WAIVER,
                excerpt(w.text, 60),
                f"no lint check is called {w.check!r}"
                if unknown
                else f"waives no {w.check} finding: remove it",
            )
        )
    return sorted(kept), waived
