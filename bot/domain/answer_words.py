"""How an answer's words are read for grading: stop words, short forms, denials and opposites.

Used by the grader (``bot.domain.grading``) and the bank's lint (which checks that key points
are made of words the grader can see).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.text import stem, words_with_breaks

# A prefix that turns a word into its opposite: "asynchronous" is one letter from "synchronous" and
# "insecure" two from "secure", near enough for the typo rule, so such pairs never count as one word.
_OPPOSITE_PREFIXES = ("a", "an", "un", "non", "in", "im", "il", "ir", "dis")
# Taking these off must leave a real word: "asynchron" -> "synchron", never "install" -> "stall".
_REMOVABLE_PREFIXES = ("a", "un", "non", "dis")
_MIN_UNPREFIXED = 6

_STOP_WORDS_TEXT = """a an the is are was were be been being am it its this that these those there here of in on at to
    for with by from as and or but if then so than into onto about over under which who whom whose what
    when where how why can could should would will shall may might must do does did done has have had
    i you we they he she me us them my your our their his her also just only very more most
    some any all each every other such etc eg ie e.g i.e via like use uses used using one ones something
    thing things way get gets got make makes made while whether both either same own"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Words that turn a clause's meaning round (apostrophes are already dropped: "doesn't" -> "doesnt").
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nothing",
        "nobody",
        "nowhere",
        "neither",
        "nor",
        "without",
        "non",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "wont",
        "wouldnt",
        "shouldnt",
        "couldnt",
        "hasnt",
        "havent",
        "hadnt",
        "mustnt",
        "neednt",
        "lack",
        "lacks",
        "instead",
    ]
)
# "non" denies only the word it is joined to: "non-blocking" says "does not block".
PREFIX_NEGATIONS = frozenset({"non"})
# Words after which a denial no longer reaches (NegEx's terminators): "not X but Y" affirms Y.
_SCOPE_ENDS = frozenset(
    [
        "but",
        "however",
        "although",
        "though",
        "whereas",
        "while",
        "because",
        "since",
        "so",
        "yet",
        "instead",
        "unless",
    ]
)


# A clause this short after a denied one, at a comma, continues its list: "no req, res, next".
_LIST_ITEM_WORDS = 2


def negation_flags(items: Sequence[tuple[str, int]]) -> list[bool]:
    """For each word of ``words_with_breaks`` output: is it said in a denial?

    A denial ("not", "never", "doesnt", "without") covers its whole segment: the words
    between breaks (comma, full stop, new line) and terminators ("but", "because", ...),
    before it too, since "prepared statements do not fix it" denies what precedes the
    "not"; short list items after it at a comma share it ("does not get req, res, next").
    "non" denies only the word it is joined to ("non-blocking").
    """
    flags = [False] * len(items)
    segment: list[int] = []
    denials = 0
    previous_denied = False

    def close(list_item: bool) -> bool:
        denied = denials % 2 == 1 or (list_item and previous_denied and len(segment) <= _LIST_ITEM_WORDS)
        if denied:  # two denials in one segment cancel ("not never")
            for i in segment:
                flags[i] = True
        return denied

    starts_at_comma = False
    for i, (word, kind) in enumerate(items):
        if kind or word in _SCOPE_ENDS:
            previous_denied = close(starts_at_comma) if segment or denials else previous_denied
            starts_at_comma = kind == 1 and word not in _SCOPE_ENDS
            if word in _SCOPE_ENDS or kind == 2:
                previous_denied = previous_denied and kind == 1
            segment, denials = [], 0
        if word in PREFIX_NEGATIONS:
            if i + 1 < len(items):
                flags[i + 1] = not flags[i + 1]
            continue
        if word in NEGATIONS:
            # "instead of X" denies X; "instead, use X" affirms it (only a scope end).
            if word != "instead" or (i + 1 < len(items) and items[i + 1][0] == "of"):
                denials += 1
            continue
        segment.append(i)
    close(starts_at_comma)
    return flags


# The short forms members type, read as the words they stand for ("req/res", "w/o", "db").
SHORT_FORMS = {
    "req": "request",
    "reqs": "requests",
    "res": "response",
    "resp": "response",
    "db": "database",
    "dbs": "databases",
    "fn": "function",
    "func": "function",
    "cb": "callback",
    "cbs": "callbacks",
    "msg": "message",
    "msgs": "messages",
    "tkn": "token",
    "pwd": "password",
    "auth": "authentication",
    "authn": "authentication",
    "authz": "authorization",
    "thru": "through",
    "wo": "without",  # "w/o"
    "bc": "because",
    "js": "javascript",
    "ts": "typescript",
    "env": "environment",
    "config": "configuration",
    "perf": "performance",
    "mem": "memory",
    "w": "with",  # "w/" and "w" alone
    # Plurals of letter words that the stemmer leaves alone (too short, or ending in "is").
    "apis": "api",
    "ids": "id",
    "uris": "uri",
}


def spelled_words(text: str) -> list[tuple[str, int]]:
    """``words_with_breaks`` with the usual short forms spelled out."""
    return [(SHORT_FORMS.get(word, word), kind) for word, kind in words_with_breaks(text)]


def content_words(text: str) -> list[str]:
    """The stems of ``text``'s meaningful words, in order, without repeats."""
    words = [
        w
        for w, _ in spelled_words(text)
        if w not in STOP_WORDS and w not in NEGATIONS and (len(w) > 1 or w.isdigit())
    ]
    if not words:  # a phrasing made only of stop words still has to say something
        words = [w for w, _ in spelled_words(text)]
    return list(dict.fromkeys(stem(w) for w in words))


def word_forms(word: str) -> tuple[str, ...]:
    """What in an answer counts for a key-point word: identifiers also by their telling part."""
    if "." not in word:
        return (word,)
    parts = [p for p in word.split(".") if p]
    forms = [word, word.replace(".", "")]
    if parts and len(parts[-1]) >= 4:
        forms.append(stem(parts[-1]))  # process.nexttick -> nexttick
    elif parts and len(parts[-1]) <= 2:
        forms.append(stem(parts[0]))  # node.js -> node
    return tuple(forms)


def opposite_forms(word: str) -> tuple[str, ...]:
    """The words that say the opposite of ``word`` by a prefix: "synchron" -> "asynchron", and back."""
    added = tuple(prefix + word for prefix in _OPPOSITE_PREFIXES)
    removed = tuple(
        word[len(prefix) :]
        for prefix in _REMOVABLE_PREFIXES
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_UNPREFIXED
    )
    return added + removed


def opposites(a: str, b: str) -> bool:
    """Is one word the other with a prefix that reverses it ("synchron"/"asynchron", "secur"/"insecur")?"""
    return b in opposite_forms(a) or a in opposite_forms(b)
