"""Stable question ids.

An id is ``<source code>-<hex>``: the code names the document (``qa40`` for
``qa-node-express-40.txt``), the hex is a hash of the question's *identity text*
(its prompt, or the start of its answer when the document lost the prompt).

Hashes alone would change whenever a prompt is edited, so the previously built
bank is the id registry: on every build each parsed question is first matched,
fuzzily and one-to-one, against the questions the same document produced last
time, and a match keeps its id. Editing an answer, fixing a typo in a prompt,
reordering or inserting questions therefore never changes another question's id;
only a question that matches nothing gets a fresh hash id.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

# Below this similarity (0..100) two versions of a question are different questions.
MATCH_THRESHOLD = 72.0
_HEX_LEN = 6
_ANSWER_HEAD = 600  # characters of answer compared: enough to identify, cheap to score


def source_code(stem: str) -> str:
    """A short code for a document from its file stem: first word plus a trailing number.

    ``qa-node-express-40`` -> ``qa40``; ``deep-dive-node-backend`` -> ``deep``.
    """
    words = [w for w in re.split(r"[^a-z0-9]+", stem.lower()) if w]
    if not words:
        return "doc"
    code = words[0]
    if len(words) > 1 and words[-1].isdigit():
        code += words[-1]
    return code


def normalized(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of ``text`` for hashing and matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"[0-9a-z_.()]+", text))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies one question of a document across edits."""

    prompt: str
    answer: str
    label: str = ""

    @property
    def identity(self) -> str:
        return normalized(self.prompt) or normalized(self.answer[:_ANSWER_HEAD])


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """0..100: how likely ``a`` and ``b`` are two versions of one question."""
    answer = fuzz.token_set_ratio(normalized(a.answer[:_ANSWER_HEAD]), normalized(b.answer[:_ANSWER_HEAD]))
    if a.prompt and b.prompt:
        prompt = fuzz.token_sort_ratio(normalized(a.prompt), normalized(b.prompt))
        # A reworded prompt over the same answer, or an edited answer under the same prompt.
        score = max(prompt * 0.6 + answer * 0.4, min(prompt, 100.0) if prompt >= 95 else 0.0)
    else:
        score = answer
    if a.label and a.label == b.label:
        score += 5.0  # same number in the document: a small nudge, never decisive on its own
    return score


def hash_id(code: str, identity: str, taken: set[str], *, repeat: int = 0) -> str:
    """A fresh id for ``identity`` not in ``taken`` (longer hex on the rare collision).

    ``repeat`` counts the earlier questions of the document with the same identity. A document
    can repeat one question thousands of times: once the hash's lengths are used up, each copy
    hashes the identity with a counter, starting from its own so that n copies stay linear.
    """
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()
    lengths = range(_HEX_LEN, len(digest) + 1)
    if repeat < len(lengths):
        for length in lengths:
            candidate = f"{code}-{digest[:length]}"
            if candidate not in taken:
                return candidate
    for salt in itertools.count(max(1, repeat - len(lengths) + 1)):
        salted = hashlib.sha1(f"{identity}#{salt}".encode()).hexdigest()
        candidate = f"{code}-{salted[:_HEX_LEN]}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def assign_ids(
    code: str,
    current: Sequence[Fingerprint],
    previous: Sequence[tuple[str, Fingerprint]],
    *,
    taken: set[str] | None = None,
) -> list[str]:
    """Ids for ``current`` (in order), reusing those of matching ``previous`` questions.

    Matching is one-to-one and greedy on the best similarity first, so two near
    identical questions cannot both claim one old id. ``taken`` holds ids used
    elsewhere in the bank, which a fresh id must avoid.
    """
    taken = set(taken or ())
    pairs: list[tuple[float, int, int]] = []
    for i, fp in enumerate(current):
        for j, (_, old) in enumerate(previous):
            # The same identity text is always the same question.
            score = 1000.0 if fp.identity and fp.identity == old.identity else similarity(fp, old)
            if score >= MATCH_THRESHOLD:
                pairs.append((score, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    ids: list[str | None] = [None] * len(current)
    used_old: set[int] = set()
    for _, i, j in pairs:
        if ids[i] is None and j not in used_old:
            ids[i] = previous[j][0]
            used_old.add(j)
    taken |= {i for i in ids if i is not None}
    repeats: Counter[str] = Counter()
    for i, fp in enumerate(current):
        if ids[i] is None:
            identity = fp.identity or f"{code}:{i}"
            ids[i] = hash_id(code, identity, taken, repeat=repeats[identity])
            repeats[identity] += 1
            taken.add(ids[i])
    return [i for i in ids if i is not None]
