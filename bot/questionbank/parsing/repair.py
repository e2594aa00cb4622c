"""Repairs for text that went through a PDF extractor.

PDF extraction loses the spaces around inline code (``setTimeout()andsetInterval()callbacks``),
starts a new line where an inline code span began, flattens several bullets
onto one line (``...callbacks. - pending callbacks: ...``), repeats the lead
line of a nested list after its children and drops a table row's leading pipe.

Every repair here recognises one pattern with confidence and only ever adds
characters (spaces, backticks, a pipe, a bullet marker) or removes a line that
repeats one a few lines above; anything ambiguous is left as it is.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.questionbank.parsing.code import is_code_line
from bot.questionbank.parsing.render import is_short_label

_BULLET = re.compile(r"^\s*[-*•]\s+\S")
_NUMBERED = re.compile(r"^\s*[0-9]{1,3}[.)]\s")
# An identifier path such as setImmediate, fs.readFile, Promise.resolve, .mjs or worker_threads.
_IDENT_PATH = re.compile(r"(?<![\w$.])(\.?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(\(\))?")
_CALL_GLUED_RIGHT = re.compile(
    r"(?<![\w$.`])([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\([^()`]*\)(?=[a-z]{2})"
)
_CALL_TAIL = re.compile(r"\((?:[^()\s`]|,\s)*\)")
_MEMBER_TAIL = re.compile(r"\.[A-Za-z_$][\w$]*(?:\([^()`]*\))?")
_GLUE_SIGNS = re.compile(r"[\w$]\([^()\s]*\)[a-z]{2}|[a-z]{2}[.?)][ \t]+-[ \t]+[A-Za-z]|[a-z]\.-[ \t]+[A-Z]")
_HTTP_VERB = re.compile(
    r"(?<![A-Za-z])(?P<before>[a-z]{2,})?(?P<verb>GET|POST|PUT|PATCH|DELETE)(?P<after>[a-z]{2,})?(?![A-Za-z])"
)
_FLAT_START = re.compile(r"(?:[A-Z“\"(]|[a-z][\w/&,-]*(?:\s+[a-z][\w/&,-]*){0,3}:)")


def extraction_damage(text: str) -> int:
    """How many signs of PDF-extraction damage the text shows (0 for clean text)."""
    return len(_GLUE_SIGNS.findall(text))


def is_damaged(text: str) -> bool:
    return extraction_damage(text) >= 3


def restructure(lines: Sequence[str]) -> list[str]:
    """The line-level repairs, in the order they must run."""
    return restore_table_pipes(rejoin_broken_bullets(drop_repeated_bullets(lines)))


def drop_repeated_bullets(lines: Sequence[str], window: int = 16) -> list[str]:
    """Drop a bullet line that repeats one of the ``window`` lines above it word for word.

    Extractors print a nested list's lead line again after its children; the
    copy carries nothing the first one does not.
    """
    out: list[str] = []
    for i, raw in enumerate(lines):
        s = raw.strip()
        repeated = _BULLET.match(raw) and any(
            s == earlier.strip() for earlier in lines[max(0, i - window) : i]
        )
        # The copy stands alone; a bullet that goes on to its own continuation is a new item.
        if repeated and not (i + 1 < len(lines) and _is_orphan(raw) and _continues(lines[i + 1])):
            continue
        out.append(raw)
    return out


def rejoin_broken_bullets(lines: Sequence[str]) -> list[str]:
    """Join a bullet cut before an inline code span to its continuation; split flattened bullets."""
    out: list[str] = []
    for raw in lines:
        if out and _is_orphan(out[-1]) and _continues(raw):
            head = out.pop().rstrip()
            merged = head + ("" if head.endswith(("(", "[", "{", "/")) else " ") + raw.strip()
            out.extend(split_flattened_bullets(merged))
        elif _BULLET.match(raw) or (out and _BULLET.match(out[-1])):
            out.extend(split_flattened_bullets(raw))
        else:
            out.append(raw)
    return out


def _is_orphan(line: str) -> bool:
    """A bullet that stops mid-sentence: the extractor broke the line before inline code."""
    s = line.strip()
    return bool(_BULLET.match(line)) and not s.endswith((".", "?", "!", "”", '"')) and not is_code_line(line)


def _continues(line: str) -> bool:
    s = line.strip()
    return bool(
        s
        and not line[:1].isspace()
        and not _BULLET.match(line)
        and not _NUMBERED.match(line)
        and not is_short_label(s)
    )


def split_flattened_bullets(line: str) -> list[str]:
    """``a. - b: c`` -> ``a.`` and ``- b: c``, only at bracket depth 0, outside quotes and code spans."""
    pieces: list[str] = []
    depth, quoted, code, start = 0, False, False, 0
    for i, ch in enumerate(line):
        if ch == "`":
            code = not code
        elif code:
            continue
        elif ch == '"':
            quoted = not quoted
        elif ch in "“":
            quoted = True
        elif ch in "”":
            quoted = False
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "-" and depth == 0 and not quoted and _is_separator(line, i, start):
            pieces.append(line[start:i].rstrip())
            start = i
    pieces.append(line[start:])
    if len(pieces) == 1:
        return [line]
    return [pieces[0], *("- " + piece[1:].lstrip() for piece in pieces[1:])]


def _is_separator(line: str, i: int, start: int) -> bool:
    """Whether the ``-`` at ``i`` starts a new bullet (the current piece began at ``start``).

    Reads only the spaces around the dash: copying the piece before it and the rest of the line
    for every dash made a long line quadratic.
    """
    if not line[i + 1 : i + 2].isspace():
        return False
    last = i  # just after the last non-space character of the piece so far
    while last > start and line[last - 1].isspace():
        last -= 1
    if last == start:
        return False
    if last < i:
        if line[last - 1] == "-":
            return False
    elif line[i - 1] not in '.?!)}]”"':
        return False
    after = i + 1
    while after < len(line) and line[after].isspace():
        after += 1
    return bool(_FLAT_START.match(line, after))


def restore_table_pipes(lines: Sequence[str]) -> list[str]:
    """Give a table row back the leading pipe the extractor dropped (rows above and below have it)."""
    out = list(lines)
    for i in range(1, len(out) - 1):
        s = out[i].strip()
        if s.endswith("|") and not s.startswith("|") and s.count("|") >= 2:
            above, below = out[i - 1].strip(), out[i + 1].strip()
            if all(row.startswith("|") and row.endswith("|") for row in (above, below)):
                out[i] = "| " + s
    return out


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

    The checks it replaces compared every span with every earlier one: a line repeating one
    token 25,000 times took 24 s.
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
