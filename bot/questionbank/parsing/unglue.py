"""Inline code that PDF extraction glued to the words beside it, given its spaces and backticks back.

``setTimeout()andsetInterval()callbacks`` becomes ``setTimeout()`` and ``setInterval()``, each
in backticks, with spaces around them: the identifiers a document writes cleanly somewhere (its
:class:`Vocabulary`) are found where they are glued elsewhere. Every repair recognises one
pattern with confidence and only ever adds spaces and backticks; anything ambiguous is left as
it is.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# An identifier path such as setImmediate, fs.readFile, Promise.resolve, .mjs or worker_threads.
_IDENT_PATH = re.compile(r"(?<![\w$.])(\.?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(\(\))?")
_CALL_GLUED_RIGHT = re.compile(
    r"(?<![\w$.`])([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\([^()`]*\)(?=[a-z]{2})"
)
_CALL_TAIL = re.compile(r"\((?:[^()\s`]|,\s)*\)")
_MEMBER_TAIL = re.compile(r"\.[A-Za-z_$][\w$]*(?:\([^()`]*\))?")
_HTTP_VERB = re.compile(
    r"(?<![A-Za-z])(?P<before>[a-z]{2,})?(?P<verb>GET|POST|PUT|PATCH|DELETE)(?P<after>[a-z]{2,})?(?![A-Za-z])"
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What a document writes cleanly somewhere, used to find the glued copies elsewhere.

    ``tokens`` are identifiers that cannot be English words (camelCase starting
    in lower case, snake_case, dotted paths such as ``fs.readFile``, extensions
    such as ``.mjs``); ``called`` are plain names written as calls (``require(``);
    ``words`` are the lower-case words the document uses on their own.
    """

    tokens: frozenset[str] = frozenset()
    called: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()

    @property
    def heads(self) -> frozenset[str]:
        """The objects of the dotted paths: ``fs`` in ``fs.readFile``."""
        return frozenset(t.split(".")[0] for t in self.tokens if "." in t[1:])


def harvest_vocabulary(text: str) -> Vocabulary:
    counts: dict[str, int] = {}
    called: set[str] = set()
    for match in _IDENT_PATH.finditer(text):
        token, call = match.group(1), match.group(2)
        if (
            call is None
            and text[match.end() : match.end() + 1] == "("
            and token.isalpha()
            and token.islower()
        ):
            called.add(token)
        after = text[match.end() : match.end() + 1]
        if after.isalpha() or after.isdigit():
            continue
        if _is_code_token(token, called=bool(call)):
            counts[token] = counts.get(token, 0) + 1
        elif call and token.isalpha() and token.islower():
            called.add(token)
    words = frozenset(re.findall(r"(?<![\w$.])[a-z]{2,}(?![\w$(])", text))
    # A token that is a commoner one glued to letters is damage, not vocabulary.
    tokens = frozenset(
        t
        for t, n in counts.items()
        if not any(_glued_inside(o, t) and counts[o] >= n for o in counts if o != t)
    )
    calls = frozenset(
        c for c in called if not any(c[:cut] in words and c[cut:] in called for cut in range(2, len(c) - 1))
    )
    return Vocabulary(tokens, calls, words)


def _occurrences(token: str, text: str) -> list[int]:
    found: list[int] = []
    at = text.find(token)
    while at >= 0:
        found.append(at)
        at = text.find(token, at + 1)
    return found


def _glued_inside(token: str, text: str) -> bool:
    for start in _occurrences(token, text):
        end = start + len(token)
        before, after = text[start - 1 : start], text[end : end + 1]
        if token.startswith("."):
            if not before.isalnum() and after.isalpha():
                return True
        elif before.isalpha() or after.islower():
            return True
    return False


_EXTENSION = re.compile(r"\.[a-z]{2,4}")
_SNAKE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")
_CAMEL = re.compile(r"[a-z][A-Z][a-z]")


@lru_cache(maxsize=16384)
def _is_code_token(token: str, *, called: bool) -> bool:
    if _EXTENSION.fullmatch(token):
        return True
    if token.startswith("."):
        return False
    if "." in token:
        parts = token.split(".")
        return all(len(part) >= 2 for part in parts) and (token[0].islower() or called)
    if _SNAKE.fullmatch(token):
        return True
    return token[0].islower() and bool(_CAMEL.search(token))


def unglue_inline_code(line: str, vocabulary: Vocabulary) -> str:
    """Put spaces and backticks back around inline code glued to the words beside it.

    ``setTimeout()andsetInterval()callbacks`` -> ``\\`setTimeout()\\` and \\`setInterval()\\` callbacks``.
    Only code glued to letters is touched; code already in backticks is left alone.
    """
    spans = _glued_spans(line, vocabulary)
    if not spans:
        return line
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        head = line[cursor:start]
        if head and not head[-1].isspace() and head[-1] not in "(“\"'[":
            head += " "
        out.append(head)
        out.append(f"`{line[start:end]}`")
        if end < len(line) and line[end].isalpha():
            out.append(" ")
        cursor = end
    out.append(line[cursor:])
    return "".join(out)


class _Painted:
    """The positions of a line that spans cover, each painted once however the spans overlap.

    Comparing every span with every earlier one instead is quadratic in a line's spans, which a
    line repeating one token thousands of times makes slow (bench/RESULTS.md, "Hostile documents").
    """

    def __init__(self, size: int) -> None:
        self.marks = bytearray(size + 1)
        self._next = array("l", range(size + 2))  # the first unpainted position at or after i

    def _unpainted(self, i: int) -> int:
        root = i
        while self._next[root] != root:
            root = self._next[root]
        while self._next[i] != root:  # path compression
            self._next[i], i = root, self._next[i]
        return root

    def paint(self, start: int, end: int) -> None:
        i = self._unpainted(start)
        while i < end:
            self.marks[i] = 1
            self._next[i] = i + 1
            i = self._unpainted(i + 1)

    def covers(self, i: int) -> bool:
        return bool(self.marks[i])

    def touches(self, start: int, end: int) -> bool:
        return self.marks.find(1, start, end) >= 0


def _glued_spans(line: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    protected = [m.span() for m in re.finditer(r"`[^`]*`", line)]  # in order, never overlapping
    protected_starts = [a for a, _ in protected]
    found = _vocabulary_spans(line, vocabulary)
    for m in _HTTP_VERB.finditer(line):
        glued = [part for part in (m["before"], m["after"]) if part]
        if glued and all(part in vocabulary.words for part in glued):
            found.append(m.span("verb"))
    taken = _Painted(len(line))
    for a, b in found:
        taken.paint(a, b)
    for match in _CALL_GLUED_RIGHT.finditer(line):
        start = _call_start(line, match, vocabulary)
        if start is not None and not taken.touches(start, match.end()):
            found.append((start, _extend_call(line, match.end())))
            taken.paint(*found[-1])
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
        inside = bisect_right(protected_starts, start) - 1
        if (inside >= 0 and start < protected[inside][1]) or (spans and start < spans[-1][1]):
            continue
        spans.append((start, end))
    return spans


def _vocabulary_spans(line: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    covered = _Painted(len(line))
    chain_ends: dict[int, int] = {}
    for token in sorted((t for t in vocabulary.tokens if t in line), key=len, reverse=True):
        for start in _occurrences(token, line):
            token_end = start + len(token)
            if covered.covers(start):
                continue  # part of a longer token found at this place
            covered.paint(start, token_end)
            end = _extend_call(line, token_end, chain_ends)
            before = line[start - 1] if start else ""
            right_glued = end < len(line) and line[end].islower()
            if token.startswith("."):
                # ".js" inside "Node.js" is a file name, not glue.
                if before.isalnum() or not right_glued:
                    continue
            elif before and (
                before in "_$.0123456789" or (before.isalpha() and not line[start - 2 : start].isalpha())
            ):
                continue
            if before.isalpha() or right_glued:
                spans.append((start, end))
    return spans


def _call_start(line: str, match: re.Match[str], vocabulary: Vocabulary) -> int | None:
    """Where the code glued before these call parentheses starts, or None when unsure."""
    name, start = match.group(1), match.start(1)
    cuts = [cut for cut in range(2, len(name.split(".")[0])) if name[:cut] in vocabulary.words]
    known = [cut for cut in cuts if name[cut:] in vocabulary.tokens or name[cut:] in vocabulary.called]
    plausible = [cut for cut in cuts if _plausible_code(name[cut:], vocabulary)]
    if known or plausible:
        # Prefer a rest the document writes cleanly elsewhere, then the longest word before it.
        return start + max(known or plausible)
    if line[start - 1 : start] == ")" or not _plausible_code(name, vocabulary, whole=True):
        return None
    if name.isalpha() and name.islower() and name not in vocabulary.called:
        return None
    return start


def _plausible_code(name: str, vocabulary: Vocabulary, *, whole: bool = False) -> bool:
    """Whether a name glued before ``(`` reads as code on its own.

    A dotted name must start with an object the document uses elsewhere
    (``fs`` in ``fs.readFile``), or, when it stands at a clean word boundary,
    with a name that does not begin with one of the document's words
    (``soawaitor.then`` is "so await or .then", not an object).
    """
    if name in vocabulary.tokens or name in vocabulary.called:
        return True
    if "." in name:
        head = name.split(".")[0]
        if head in vocabulary.heads:
            return True
        return (
            whole
            and not head.isupper()
            and not any(head[:cut] in vocabulary.words for cut in range(2, len(head)))
        )
    return not (name.isalpha() and name.islower())


def _extend_call(line: str, end: int, chain_ends: dict[int, int] | None = None) -> int:
    """Extend a token over the call parentheses and member accesses glued to it.

    ``chain_ends`` remembers where each member chain walked ends, so that tokens found all
    along one long chain (``.ab.ab.ab...``) do not each walk it to its end again.
    """
    if m := _CALL_TAIL.match(line, end):
        end = m.end()
    walked: list[int] = []
    while chain_ends is None or end not in chain_ends:
        walked.append(end)
        if not (m := _MEMBER_TAIL.match(line, end)):
            break
        end = m.end()
    else:
        end = chain_ends[end]
    if chain_ends is not None:
        chain_ends.update(dict.fromkeys(walked, end))
    return end
