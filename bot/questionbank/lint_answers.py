"""What a question says: its prompt, the reveal's headline, its key points, its twins in other documents.

The short answer is the reveal's headline: a complete sentence or two that
answers the whole prompt, not a heading, a label, a question or half a
sentence. Key points are what the grader looks for (the fair-grading form,
``bot.domain.grading``): ideas stated as sentences the answer supports, not
slogans, first-person notes, tool names or strings of stop words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz, process

from bot.domain.answer_words import STOP_WORDS, content_words
from bot.domain.questions import Kind, Question, step_in_full_answer, steps_in_full_answer
from bot.domain.text import tokens
from bot.questionbank.groups import MIN_SHARED, Concept, concept_words, related
from bot.questionbank.lint_text import Finding, around, ending, excerpt, split_code

SHORT_DANGLING = "short-answer-dangling"
SHORT_QUESTION = "short-answer-question"
SHORT_HEADING = "short-answer-heading"
SHORT_UNFINISHED = "short-answer-unfinished"
SHORT_ONE_PART = "short-answer-one-part"
KEY_POINTS_COUNT = "key-points-count"
KEY_POINTS_ONE_PART = "key-points-one-part"
KEY_POINT_STOP_WORDS = "key-point-stop-words"
KEY_POINT_UNSUPPORTED = "key-point-unsupported"
KEY_POINT_FIRST_PERSON = "key-point-first-person"
KEY_POINT_SLOGAN = "key-point-slogan"
KEY_POINT_FRAGMENT = "key-point-fragment"
PROMPT_PUNCTUATION = "prompt-punctuation"
PERSONAL_PROJECT = "personal-project"
WALKTHROUGH_REPEATED = "walkthrough-repeated"
NEAR_DUPLICATE = "near-duplicate-ungrouped"

MIN_KEY_POINTS, MAX_KEY_POINTS = 2, 7
ALIKE_SHARE = 0.5  # of the shorter prompt's concept words, with a shared phrase (the build asks 3/4)
MIN_POINT_WORDS = 3  # fewer is a tool name or a fragment ("Using HTTPS", "small team")
MAX_STOP_SHARE = 0.7  # a point more than this share stop words (or with fewer than 2 others) says little
MIN_SUPPORT = 0.34  # share of a point's content words the prompt and answer must contain
SIMILAR_WORD = 85  # rapidfuzz ratio at which a point's word counts as the answer's (as the grader reads)
# Words of a prompt's part that ask how rather than about what ("how do you solve it", "what
# principles"), or name the field every question is in ("a REST API", "in Node.js").
_ASKING_WORDS = frozenset(
    content_words(
        "differ difference solve prevent handle choose choice help implement explain describe discuss "
        "compare principle consideration strategy benefit advantage example mean work works need should "
        "would could common approach best practice practices way ways "
        "api rest node node.js nodejs javascript js application app server backend code system",
    )
)
# A part that asks for an illustration, not for an answer: "Illustrate with an example ...".
_EXAMPLE_PART = re.compile(r"^\s*(?:illustrate|give|provide|show|include)\b", re.IGNORECASE)

# Opening words that make a short answer a section heading, not an answer.
_HEADINGS = re.compile(
    r"^(?:\W*)(conceptual explanation|explanation|overview|introduction|summary|definition|"
    r"simple definition|initial assessment|key differences|answer)\b",
    re.IGNORECASE,
)
# A leading label of one to three words and a colon: "Services: ...", "SBA: In SBA ...".
_LABEL = re.compile(r"^\s*(?!correct answer\b)([^\s:.!?]+(?:\s+[^\s:.!?]+){0,2}):\s", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?…](?:[*_`\"'”’)\]]*)$")
_FIRST_PERSON = re.compile(r"\b(?:I(?![/’'])|I['’](?:ll|m|ve|d)|my|me|we|our|us)\b", re.IGNORECASE)
_SLOGAN = re.compile(r"\s=\s|→|->|^[“\"].*[”\"]$")
_PUNCTUATION = re.compile(r"\?\?+|\s\?|(?<!\.)\.\.(?!\.)|,,|!\?|\?!")
# Questions about the seed author's own work: "How did you ...", "... your app?" asked in the past,
# "your setup in Talentprise". "What would you do if your app ..." is a general question.
_PERSONAL = re.compile(
    r"(?i:\b(?:did you|have you|you (?:designed|built|implemented|integrated|used)|in your project)\b)"
    r"|(?i:\bdid\b[^?]*\byour\b)"
    r"|(?i:\byour\b[^?.]*\b(?:in|at)) [A-Z][a-z]+\b"  # "your setup in Talentprise": a name, capitalised
)
# Where a prompt asks a second thing: "What is X? How ...", "What are X, and when ...".
_PART_BREAK = re.compile(r"\?\s+|[,;]?\s+and\s+(?=(?:how|when|why|what|which|where)\b)", re.IGNORECASE)


def question_findings(q: Question) -> list[Finding]:
    found = [Finding(q.id, field, check, text, message) for check, field, text, message in _problems(q)]
    return found


def _problems(q: Question) -> Iterator[tuple[str, str, str, str]]:
    yield from _prompt(q)
    if q.kind is not Kind.MCQ:
        yield from _short_answer(q)
    yield from _key_points(q)
    yield from _walkthrough(q)


def _prompt(q: Question) -> Iterator[tuple[str, str, str, str]]:
    # A code block in a prompt (an EXPLAIN plan's "0.58..12.62") is not punctuation; inline code
    # stays, so that "for `a`, when for `b`" does not read as "for , when for ,".
    prose = "\n".join(split_code(q.prompt)[0])
    for match in _PUNCTUATION.finditer(prose):
        yield PROMPT_PUNCTUATION, "prompt", around(prose, match.start(), match.end()), "stray punctuation"
    if q.daily and _PERSONAL.search(q.prompt):
        yield (
            PERSONAL_PROJECT,
            "prompt",
            excerpt(q.prompt, 60),
            "asks about the seed author's own work: rewrite it as a general question, or set daily: false",
        )


def _short_answer(q: Question) -> Iterator[tuple[str, str, str, str]]:
    text = " ".join(q.short_answer.split())
    if not text:
        yield SHORT_UNFINISHED, "short_answer", "", "no short answer: the reveal has no headline"
        return
    tail = ending(text, 60)
    if text.endswith((":", "-", "–", "—", ",")):
        yield (
            SHORT_DANGLING,
            "short_answer",
            tail,
            "ends in a colon or a dash: the rest of the answer was cut off",
        )
    elif not _ENDS_SENTENCE.search(text):
        yield SHORT_UNFINISHED, "short_answer", tail, "does not end a sentence: it stops half-way"
    elif text.count("(") != text.count(")"):
        yield SHORT_UNFINISHED, "short_answer", tail, "a bracket is never closed: it stops half-way"
    if "?" in text:
        question = text[: text.index("?") + 1]
        yield SHORT_QUESTION, "short_answer", excerpt(question, 60), "asks a question instead of answering"
    heading = _HEADINGS.match(text) or _LABEL.match(text)
    if heading:
        yield (
            SHORT_HEADING,
            "short_answer",
            excerpt(heading.group(0), 60),
            "starts with a heading or a label: the reveal's headline should be the answer itself",
        )
    missed = _parts_missed(q.prompt, [q.short_answer])
    if missed:
        yield (
            SHORT_ONE_PART,
            "short_answer",
            excerpt(missed, 60),
            "the prompt also asks this; the short answer does not answer it",
        )


def _prompt_parts(prompt: str) -> list[tuple[str, set[str]]]:
    """Each part of a two-part prompt, with the content words it alone asks about."""
    texts = [p.strip() for p in _PART_BREAK.split(prompt) if p.strip() and not _EXAMPLE_PART.match(p)]
    parts = [(text, _asked(text)) for text in texts]
    parts = [(text, words) for text, words in parts if words]
    if len(parts) < 2:
        return []
    own = []
    for i, (text, words) in enumerate(parts):
        others = set().union(*(w for j, (_, w) in enumerate(parts) if j != i))
        own.append((text, words - others))
    return own


def _asked(part: str) -> set[str]:
    return {w for w in content_words(part) if w not in STOP_WORDS and w not in _ASKING_WORDS}


def _parts_missed(prompt: str, texts: Sequence[str]) -> str:
    """The part of a two-part prompt whose own words ``texts`` never mention, or ""."""
    said = _stems(" ".join(texts))
    long_words = [w for w in said if len(w) >= _FUZZY_MIN]
    for part, words in _prompt_parts(prompt):
        if words and not any(_in(w, said, long_words) for w in words):
            return part
    return ""


def _stems(text: str) -> set[str]:
    """Content stems of ``text``, dotted names also by their parts (``process.nexttick`` gives nexttick)."""
    stems = set(content_words(text))
    for word in list(stems):
        if "." in word:
            stems.update(content_words(word.replace(".", " ")))
    return stems


def _key_points(q: Question) -> Iterator[tuple[str, str, str, str]]:
    points = q.key_points
    if not MIN_KEY_POINTS <= len(points) <= MAX_KEY_POINTS:
        yield (
            KEY_POINTS_COUNT,
            "key_points",
            f"{len(points)} key points",
            f"a question needs {MIN_KEY_POINTS} to {MAX_KEY_POINTS} key points to be graded fairly",
        )
    answer = _stems(
        " ".join(
            [q.prompt, q.short_answer, q.full_answer, q.explanation, q.editor_note]
            + [c.text for c in q.choices]
            + [f"{s.prompt} {s.expected}" for s in q.steps]
        )
    )
    long_words = [w for w in answer if len(w) >= _FUZZY_MIN]
    for i, point in enumerate(points, 1):
        field = f"key_point:{i}"
        text = excerpt(point.point, 60)
        words = tokens(point.point)
        if _SLOGAN.search(point.point):
            yield KEY_POINT_SLOGAN, field, text, "a slogan (=, →, a quote): state the idea as a sentence"
        if _FIRST_PERSON.search(point.point):
            yield KEY_POINT_FIRST_PERSON, field, text, "first person: state the idea, not what the author did"
        if len(point.point.split()) < MIN_POINT_WORDS:
            yield KEY_POINT_FRAGMENT, field, text, "a name or a fragment, not an idea a member can state"
        elif sum(w not in STOP_WORDS for w in words) < 2 or sum(
            w in STOP_WORDS for w in words
        ) > MAX_STOP_SHARE * len(words):
            yield KEY_POINT_STOP_WORDS, field, text, "mostly stop words: it says little a grader can find"
        own = _stems(point.point) - STOP_WORDS
        found = sum(1 for w in own if _in(w, answer, long_words))
        if own and found < MIN_SUPPORT * len(own):
            yield (
                KEY_POINT_UNSUPPORTED,
                field,
                text,
                f"only {found} of its {len(own)} words are in the prompt or the answer: the answer does not "
                "teach it (restate the point, or complete the answer with an editor's note)",
            )
    if points:
        missed = _parts_missed(q.prompt, [t for p in points for t in p.phrasings])
        if missed:
            yield (
                KEY_POINTS_ONE_PART,
                "key_points",
                excerpt(missed, 60),
                "the prompt also asks this; no key point is about it",
            )


_FUZZY_MIN = 4  # shorter words must match exactly


def _in(word: str, answer: set[str], long_words: list[str]) -> bool:
    """``word`` is in the answer, or a near spelling of one of its words is (cach/cached, typos)."""
    if word in answer or f"{word}s" in answer:  # stems keep "apis" whole (the -is rule)
        return True
    return len(word) >= _FUZZY_MIN and bool(
        process.extractOne(word, long_words, scorer=fuzz.ratio, score_cutoff=SIMILAR_WORD)
    )


def _walkthrough(q: Question) -> Iterator[tuple[str, str, str, str]]:
    """A scenario's steps are shown after the full answer unless it holds them all: then none twice."""
    if steps_in_full_answer(q):
        return
    for i, step in enumerate(q.steps, 1):
        if step_in_full_answer(q, step):
            yield (
                WALKTHROUGH_REPEATED,
                f"step:{i}.expected",
                excerpt(" ".join(step.expected.split()), 60),
                "the full answer already holds this step, and the reveal adds the steps after it: shown twice",
            )


def alike(a: Concept, b: Concept) -> bool:
    """The build's near-duplicate rule (``groups.related``) with a lower share of the shorter prompt.

    The build groups what ``related`` pairs, so only a hand-set group can split such a
    pair; "How do you handle memory leaks?" and "How do you find and fix memory leaks?"
    share the phrase "memory leak" and two of three words, which the build's 3/4 misses.
    """
    shared = len(a.words & b.words)
    return (
        shared >= MIN_SHARED
        and shared >= ALIKE_SHARE * min(len(a.words), len(b.words))
        and bool(a.phrases & b.phrases)
    ) or related(a, b)


def near_duplicate_findings(questions: Sequence[Question]) -> list[Finding]:
    """Questions that look alike (``alike``) but are not in one group, one finding per question and group.

    The finding goes to the question in the smaller group (an ungrouped question is a group of
    one; the later one on a tie) and names the group it resembles, so a question put in the
    wrong group is one finding, not one per member of the right group.
    """
    concepts = [concept_words(q.prompt) for q in questions]
    size = Counter(q.group for q in questions if q.group)
    resembles: dict[tuple[str, str], list[Question]] = {}
    for i, a in enumerate(questions):
        for j in range(i + 1, len(questions)):
            b = questions[j]
            if (a.group is None or a.group != b.group) and alike(concepts[i], concepts[j]):
                subject, other = (a, b) if size[a.group] < size[b.group] else (b, a)
                resembles.setdefault((subject.id, other.group or other.id), []).append(other)
    found = []
    for (qid, where), others in resembles.items():
        ids = ", ".join(o.id for o in others)
        label = f"group {where}: {ids}" if others[0].group else f"{where}: {excerpt(others[0].prompt, 50)}"
        found.append(
            Finding(
                qid,
                "group",
                NEAR_DUPLICATE,
                excerpt(label),
                f"asks what {ids} {'ask' if len(others) > 1 else 'asks'} but is not in "
                f"{'their' if len(others) > 1 else 'its'} group: put them in one group, or waive "
                "saying how they differ",
            )
        )
    return found
