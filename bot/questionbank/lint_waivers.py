"""Lint waivers: ``waive: [{check, text, reason}]`` under a question's entry in ``content/overrides.yaml``.

A waiver silences the findings of its question with the same check whose text
contains the waiver's ``text``. A waiver that silences nothing is stale (the
text was corrected, or the waiver was mistyped): a finding of its own, so
waivers never outlive their reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.questionbank.errors import BankFileError
from bot.questionbank.lint_text import Finding, excerpt

STALE_WAIVER = "stale-waiver"
INVALID_WAIVER = "invalid-waiver"
WAIVE_KEY = "waive"


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


def read_waivers(overrides: Path) -> tuple[list[Waiver], list[Finding]]:
    """The waivers in ``overrides`` and findings for malformed ones (a missing file has none)."""
    if not overrides.exists():
        return [], []
    try:
        data = yaml.safe_load(overrides.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BankFileError.from_yaml(overrides, exc) from exc
    waivers: list[Waiver] = []
    problems: list[Finding] = []
    for qid, entry in data.items() if isinstance(data, dict) else ():
        listed = entry.get(WAIVE_KEY) if isinstance(entry, dict) else None
        if listed is None:
            continue
        for i, item in enumerate(listed if isinstance(listed, list) else [listed], 1):
            fields = {k: item.get(k) for k in ("check", "text", "reason")} if isinstance(item, dict) else {}
            if all(isinstance(v, str) and v.strip() for v in fields.values()) and len(fields) == 3:
                waivers.append(Waiver(str(qid), i, fields["check"], fields["text"], fields["reason"]))
            else:
                problems.append(
                    Finding(
                        str(qid),
                        f"waive:{i}",
                        INVALID_WAIVER,
                        excerpt(str(item), 60),
                        "a waiver needs check, text and reason, each a non-empty string",
                    )
                )
    return waivers, problems


def apply_waivers(
    findings: Sequence[Finding], waivers: Iterable[Waiver], linted_ids: set[str], known_checks: set[str]
) -> list[Finding]:
    """``findings`` less the waived ones, plus a finding for each waiver that waives nothing.

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
    for w in waivers:
        if w in used:
            continue
        unknown = w.check not in known_checks
        kept.append(
            Finding(
                w.question_id,
                f"waive:{w.index}",
                INVALID_WAIVER if unknown else STALE_WAIVER,
                excerpt(w.text, 60),
                f"no lint check is called {w.check!r}"
                if unknown
                else f"waives no {w.check} finding any more: remove it",
            )
        )
    return sorted(kept)
