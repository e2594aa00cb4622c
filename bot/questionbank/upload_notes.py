"""What reading an uploaded document repaired or filled in, for the admin who previews it.

The preview of ``/bank import`` shows every question an upload would add; these
notes say, beside the skipped and left-out parts, where the bot's text is not
the document's own: PDF-extraction damage repaired (measured: the signs of
damage in a question's source lines that its parsed text no longer shows),
short answers and key points written from the answers because the document
gives none, and multiple-choice questions that name no correct letter. Each
note names the questions by their number in the preview.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.questions import Kind, Question
from bot.questionbank.parsed import ParsedQuestion
from bot.questionbank.parsing.document import split_lines
from bot.questionbank.parsing.repair import extraction_damage

LISTED_NUMBERS = 12  # question numbers named in one note before "and N more"


def numbers(positions: Sequence[int], total: int) -> str:
    """``questions 1, 4 and 9`` (``question 3`` for one, ``all 40 questions`` for all of ``total``).

    At most ``LISTED_NUMBERS`` are named, then how many more.
    """
    if len(positions) == total > 1:
        return f"all {total} questions"
    shown = [str(p) for p in positions[:LISTED_NUMBERS]]
    hidden = len(positions) - len(shown)
    if hidden:
        shown.append(f"{hidden} more")
    head = "question" if len(positions) == 1 else "questions"
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f"{head} {listed}"


def _repaired_places(source: Sequence[str], parsed: ParsedQuestion, question: Question) -> int:
    before = extraction_damage("\n".join(source[parsed.first_line - 1 : parsed.last_line]))
    after = extraction_damage("\n".join([question.prompt, question.full_answer]))
    return max(0, before - after)


def upload_notes(text: str, pairs: Sequence[tuple[ParsedQuestion, Question]]) -> list[str]:
    """Notes on the kept questions (``pairs``: as parsed, as normalized; in preview order)."""
    source = split_lines(text)
    repaired = [(i, n) for i, (p, q) in enumerate(pairs, 1) if (n := _repaired_places(source, p, q))]
    short = [i for i, (p, _) in enumerate(pairs, 1) if not p.short_answer.strip()]
    # Multiple choice is marked by its letter: key points grade open answers only.
    points = [
        i
        for i, (p, q) in enumerate(pairs, 1)
        if q.kind is not Kind.MCQ and not any(k.strip() for k in p.key_points)
    ]
    no_letter = [i for i, (_, q) in enumerate(pairs, 1) if q.kind is Kind.MCQ and not q.correct_choice]
    notes = []
    if repaired:
        places = sum(n for _, n in repaired)
        notes.append(
            f"Repaired PDF-extraction damage in {numbers([i for i, _ in repaired], len(pairs))} "
            f"({places} {'place' if places == 1 else 'places'}: words glued to code, list items run together)"
        )
    if short:
        notes.append(
            f"Short answers written from the answers for {numbers(short, len(pairs))} (the document gives none; "
            "for multiple choice, the right option)"
        )
    if points:
        notes.append(
            f"Key points drawn from the answers for {numbers(points, len(pairs))} (the document lists none): "
            "members' answers are graded on them, so read them below"
        )
    if no_letter:
        notes.append(
            f"No correct letter for {numbers(no_letter, len(pairs))}: add a line such as `Answer: B` under the options "
            "and upload the file again"
        )
    return notes
