"""Near-duplicate groups: questions on the same concept, from any document.

The event loop is asked about in four documents; the bot should not ask it two
days running. Two questions are near-duplicates when their prompts share at
least two content words, those make up most of the shorter prompt, and two of
them stand side by side in both (a shared phrase such as "event loop" or
"idempotent API"): "What is event Loop?" meets "Explain the Node.js Event
Loop...", but "How do you secure sensitive data in an API?" does not meet a
prompt that merely mentions an API, data and time-sensitive activities. Groups are the connected pairs; a
group is named after its shortest prompt. ``content/overrides.yaml`` can put a
question in a named group by hand (``group: ...``); those are kept as given.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.answer_words import STOP_WORDS
from bot.domain.questions import Question
from bot.questionbank.ids import normalized

MIN_SHARED = 2
MIN_SHARE_OF_SHORTER = 0.75

# Words that say nothing about which concept a prompt is about.
_PROMPT_WORDS = """difference differences explain describe discuss between versus node node.js nodejs js javascript
    example examples work works working provide give walk concept mean means"""
_STOP = STOP_WORDS | frozenset(_PROMPT_WORDS.split())


def _stem(word: str) -> str:
    word = word.rstrip("()").removesuffix(".")
    for suffix in ("ing", "es", "s", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class Concept:
    """A prompt's content words, and the pairs of them that stand side by side."""

    words: frozenset[str]
    phrases: frozenset[tuple[str, str]]


def concept_words(prompt: str) -> Concept:
    words = [
        _stem(w) for w in re.split(r"[\s/&,;:?!\"'()-]+", normalized(prompt)) if len(w) > 1 and w not in _STOP
    ]
    return Concept(frozenset(words), frozenset(itertools.pairwise(words)))


def related(a: Concept, b: Concept) -> bool:
    shared = len(a.words & b.words)
    return (
        shared >= MIN_SHARED
        and shared / min(len(a.words), len(b.words)) >= MIN_SHARE_OF_SHORTER
        and bool(a.phrases & b.phrases)
    )


def _slug(text: str, limit: int = 40) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", normalized(text).replace(".", "")) if w and w not in _STOP]
    slug = ""
    for w in words:
        if len(slug) + len(w) + 1 > limit:
            break
        slug = f"{slug}-{w}" if slug else w
    return slug or "group"


def near_duplicate_groups(questions: Sequence[Question]) -> dict[str, list[str]]:
    """Group name -> member ids (sorted), for groups of two or more; hand-set groups kept."""
    parent = list(range(len(questions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [concept_words(q.prompt) for q in questions]
    for i in range(len(questions)):
        if questions[i].group:
            continue
        for j in range(i + 1, len(questions)):
            if not questions[j].group and related(words[i], words[j]):
                parent[find(j)] = find(i)

    clusters: dict[int, list[int]] = {}
    for i, q in enumerate(questions):
        if not q.group:
            clusters.setdefault(find(i), []).append(i)
    groups: dict[str, list[str]] = {}
    for members in clusters.values():
        if len(members) < 2:
            continue
        shortest = min(members, key=lambda i: (len(questions[i].prompt), questions[i].id))
        name = _slug(questions[shortest].prompt)
        while name in groups:
            name += "-2"
        groups[name] = sorted(questions[i].id for i in members)
    for q in questions:
        if q.group:
            groups.setdefault(q.group, []).append(q.id)
    return {name: sorted(ids) for name, ids in sorted(groups.items())}
