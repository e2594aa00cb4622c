"""Words members read: run together by extraction, misspelt, or a table whose cells ran into each other.

A real dictionary decides (pyspellchecker's English word list; wordsegment's
unigram counts to split a run of words), with the bank's tech vocabulary
(``content/lint/vocabulary.txt``: libuv, BullMQ, nextTick...) on top. Code
blocks, inline code, URLs and e-mail addresses are never read, and an
identifier (camelCase, snake_case, a dotted name, a word with digits, a call
``name()``) is not spell-checked; its parts are still checked for words run
together ("soawaitor.then" is "so await or" + ``.then``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType

import wordsegment
from spellchecker import SpellChecker

from bot.questionbank.lint_text import Field, Finding, excerpt, split_code, without_code

RUN_TOGETHER = "run-together"
MISSPELLING = "misspelling"
TABLE_CELLS = "table-cells-lost"

# A token: letters, digits, _ and $, with dots and apostrophes inside, and an optional "()".
_TOKEN = re.compile(r"[A-Za-z0-9_$]+(?:['’.][A-Za-z0-9_$]+)*(?:\(\))?")
_PATH = re.compile(r"(?<![\w)])(?:\.{1,2}|~)?/[\w.:/*{}-]*|@[\w-]+/[\w./-]+")
_HUMP = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_CAMEL = re.compile(r"[a-z][A-Z]")
# Cells glued at a bracket or a number: "(One-to-One)Publish/Subscribe", "Threads1multiple".
_CELL_GLUE = re.compile(r"[a-z]\)[A-Z]|[A-Za-z]\d+[a-z]{2,}")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+s?")
# Punctuation that glues two words: "import()for", 'package.json"type"field'.
_GLUED = re.compile(r"\S*(?:[A-Za-z]\(\)[A-Za-z]|[A-Za-z][\"“”][A-Za-z])\S*")
_SHORT_PARTS = frozenset({"a", "i"})
# Little words prose glues onto a name: "soawaitor.then", "SharedArrayBuffercan", "use.cjsfor".
_CONNECTIVES = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "can",
        "for",
        "in",
        "is",
        "of",
        "on",
        "or",
        "so",
        "the",
        "to",
        "with",
    ]
)
_PLAIN = re.compile(r"[a-z']+")
COMMON_ON_THE_WEB = 100_000  # occurrences in wordsegment's counts that make an unlisted word a real one
SHARE_OF_NEAR_WORD = 0.02  # ... when it is this common next to the word one keystroke away (typos are rarer)
TABLE_JOINTS = 4  # glued capitals in a run of lines that make it a table whose cells ran together


@cache
def _spelling() -> SpellChecker:
    """The English word list (about 160,000 words), loaded on first use."""
    return SpellChecker(language="en", distance=1)


@cache
def _segmenter() -> ModuleType:
    """wordsegment with its unigram and bigram counts loaded (once: they are module-wide)."""
    wordsegment.load()
    return wordsegment


def read_vocabulary(path: Path) -> frozenset[str]:
    """The allow-list: one word per line, ``#`` starts a comment; compared case-insensitively."""
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word.casefold())
    return frozenset(words)


@dataclass
class WordChecker:
    """The dictionary plus the bank's vocabulary; verdicts are cached per word."""

    vocabulary: frozenset[str] = frozenset()
    _verdicts: dict[str, tuple[str, str] | None] = field(default_factory=dict, repr=False)

    def known(self, word: str) -> bool:
        lower = word.casefold().replace("’", "'")
        for suffix in ("'s", "s'", "'"):  # possessives: "libuv's", "users'"
            if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
                lower = lower[: -len(suffix)] + ("s" if suffix == "s'" else "")
                break
        return bool(lower in _spelling() or self.in_vocabulary(lower))

    def in_vocabulary(self, lower: str) -> bool:
        """In the allow-list, or its plural ("webhooks" for "webhook", "caches")."""
        return (
            lower in self.vocabulary
            or (lower.endswith("s") and lower[:-1] in self.vocabulary)
            or (lower.endswith("es") and lower[:-2] in self.vocabulary)
        )

    def split(self, word: str) -> list[str] | None:
        """``word`` as two or more dictionary words run together ("closeevent" -> close, event), or None."""
        parts = _segmenter().segment(word)
        if len(parts) < 2 or "".join(parts) != word.casefold():
            return None
        if all((len(p) > 1 or p in _SHORT_PARTS) and self.known(p) for p in parts):
            return parts
        return None

    def verdict(self, word: str) -> tuple[str, str] | None:
        """(check, message) for a plain word the dictionary does not know, or None when it is fine."""
        if word in self._verdicts:
            return self._verdicts[word]
        result: tuple[str, str] | None = None
        lower = word.casefold()
        if not self.known(word):
            # One keystroke from a real word is a typo ("operaions"), even if it also splits ("opera ions").
            guess = _suggestion(lower)
            parts = None if guess else self.split(word)
            if parts:
                result = (RUN_TOGETHER, f"words run together: {' '.join(parts)!r}")
            elif not _common_word(lower, guess):
                hint = f"; did you mean {guess!r}?" if guess else ""
                result = (MISSPELLING, f"not in the dictionary or content/lint/vocabulary.txt{hint}")
        self._verdicts[word] = result
        return result

    def identifier_parts_run_together(self, token: str) -> list[str] | None:
        """A run of words hidden in an identifier's parts ("soawaitor.then" -> so await or).

        Names join words on purpose ("vnd.myapi.v2"), so a part counts only when prose
        glued onto it shows: a connective inside ("so await or", "buffer can"), or a call
        whose whole name is a run of words ("dynamicallyimport()").
        """
        bare = token.removesuffix("()")
        plain_call = token.endswith("()") and bare.isalpha() and bare.islower()
        for part in re.split(r"[._$\d]+", bare):
            for hump in _HUMP.findall(part):
                if len(hump) < 4 or hump.isupper() or self.known(hump):
                    continue
                parts = self.split(hump.casefold())
                if parts and (plain_call or _CONNECTIVES.intersection(parts)):
                    return parts
        return None

    def _identifier_known(self, token: str) -> bool:
        bare = token.removesuffix("()").casefold()
        return self.in_vocabulary(bare) or self.in_vocabulary(bare.rsplit(".", 1)[-1])

    def joints(self, line: str) -> int:
        """Lower-case letters glued to capitals: how many table cells ran together on ``line``.

        An identifier named in prose (``readFileSync``) has them too: the
        vocabulary lists those, and one line with a few is not a table (``_table_rows``).
        """
        count = 0
        for token in _TOKEN.findall(line):
            if _CAMEL.search(token) and not self._identifier_known(token):
                count += len(_CAMEL.findall(token.removesuffix("()").rsplit(".", 1)[-1]))
        return count + len(_CELL_GLUE.findall(line))

    def word_problems(self, line: str) -> Iterator[tuple[str, str, str]]:
        """(check, text, message) for each suspicious word of one prose line (code already removed)."""
        for match in _GLUED.finditer(line):
            yield RUN_TOGETHER, match.group(), "punctuation glued between two words: a space is missing"
        for token in _TOKEN.findall(_PATH.sub(" ", line)):
            problem = self._token_problem(token)
            if problem:
                yield problem[0], token, problem[1]

    def _token_problem(self, token: str) -> tuple[str, str] | None:
        bare = token.removesuffix("()").strip("'’")
        if len(bare) < 2 or self._identifier_known(token):
            return None
        identifier = (
            token.endswith("()")
            or any(ch.isdigit() or ch in "_$." for ch in bare)
            or _CAMEL.search(bare) is not None
            or (any(ch.isupper() for ch in bare[1:]) and not bare.isupper())  # CJSModule, GEt
        )
        if identifier:
            parts = self.identifier_parts_run_together(token)
            return (RUN_TOGETHER, f"words run together: {' '.join(parts)!r}") if parts else None
        if _ACRONYM.fullmatch(bare):
            return None
        return self.verdict(bare)

    def field_findings(self, question_id: str, f: Field) -> list[Finding]:
        """Run-together words, misspellings and tables whose cells ran together, once per text per field."""
        prose, _ = split_code(f.text)
        lines = [without_code(line) for line in prose]
        findings: dict[tuple[str, str], Finding] = {}
        in_table = set()
        for first, last in _table_rows(self.joints(line) for line in lines):
            in_table.update(range(first, last + 1))
            text = excerpt(lines[first], 60)
            findings[TABLE_CELLS, text] = Finding(
                question_id,
                f.name,
                TABLE_CELLS,
                text,
                f"a table's cells ran together ({last - first + 1} lines): rebuild it from the source rows",
            )
        for number, line in enumerate(lines):
            if number in in_table:
                continue
            for check, text, message in self.word_problems(line):
                findings.setdefault((check, text), Finding(question_id, f.name, check, text, message))
        return list(findings.values())


def _table_rows(joints: Iterable[int]) -> list[tuple[int, int]]:
    """(first, last) line numbers of each table whose cells ran together.

    A table is a run of consecutive lines with glued capitals, ``TABLE_JOINTS``
    or more of them in all: a header glued to its rows on one line, or a header
    line and rows each with a joint or two. One line with two or three is prose
    that names identifiers ("the CallStack ... CallBack Queue").
    """
    runs: list[tuple[int, int]] = []
    first, total = None, 0
    for i, n in enumerate([*joints, 0]):
        if n:
            first = i if first is None else first
            total += n
            continue
        if first is not None and total >= TABLE_JOINTS:
            runs.append((first, i - 1))
        first, total = None, 0
    return runs


@lru_cache(maxsize=4096)
def _suggestion(word: str) -> str | None:
    """The most frequent dictionary word one keystroke from ``word`` (plain letters or an apostrophe)."""
    near = [w for w in _spelling().candidates(word) or () if w != word and _PLAIN.fullmatch(w)]
    return max(near, key=lambda w: (_spelling().word_usage_frequency(w), w)) if near else None


def _common_word(word: str, near: str | None) -> bool:
    """A real word the word list lacks ("attaches", "versioned", "wildcard"): the web writes it often,
    and not merely as a slip for the word one keystroke away ("ther" for "the", "dont" for "don't")."""
    count = _web_count(word)
    if count < COMMON_ON_THE_WEB:
        return False
    if near is None:
        return True
    return "'" not in near and count >= SHARE_OF_NEAR_WORD * _web_count(near)


def _web_count(word: str) -> float:
    """How often the web writes ``word`` (wordsegment's unigram counts, about a trillion words in all)."""
    return float(_segmenter().UNIGRAMS.get(word, 0))
