"""What a question title looks like, whatever marks it (a heading, a number, a label)."""

from __future__ import annotations

import re

_INTERROGATIVES = frozenset(
    {
        "what",
        "how",
        "why",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "explain",
        "describe",
        "define",
        "compare",
        "contrast",
        "differentiate",
        "distinguish",
        "discuss",
        "list",
        "name",
        "write",
        "implement",
        "design",
        "give",
        "tell",
        "outline",
        "illustrate",
        "walk",
        "suggest",
        "identify",
        "state",
        "mention",
        "elaborate",
        "summarize",
        "summarise",
    }
)
_PREFIX = re.compile(
    # Possessive space runs: `\s*[-#]?\s*(...)?\s*` backtracked cubically on a long run of spaces.
    r"^(?:(?P<tag>question|q)\s*+(?:[-#]\s*+)?(?P<n1>[0-9]{1,4})?\s*+[:.)\-–]\s*|(?P<n2>[0-9]{1,4})\s*+[.):]\s+)",
    re.I,
)


def is_question_like(text: str) -> bool:
    """Ends with a question mark, or opens with an interrogative or an interview verb (Explain, Design...)."""
    s = text.strip().strip("*_` ")
    if not s:
        return False
    if s.endswith("?"):
        return True
    first = re.match(r"[A-Za-z]+", s)
    return bool(first) and first.group().lower() in _INTERROGATIVES and len(s.split()) >= 3


def question_title(text: str) -> tuple[str, str] | None:
    """(label, prompt) when a title reads as a question: ``Question 1: Explain X`` -> ("Question 1", "Explain X")."""
    s = text.strip()
    s = re.sub(r"^(\*\*|__)(.*)\1$", r"\2", s).strip()
    m = _PREFIX.match(s)
    label = ""
    explicit = False
    if m:
        label = m.group(0).strip().rstrip(":.)-–").strip()
        explicit = bool(m["tag"])
        s = s[m.end() :].strip()
    s = s.strip("*_ ").strip()
    if not s:
        return None
    if explicit or is_question_like(s):
        return label, s
    return None
