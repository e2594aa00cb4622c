"""Building the bank: every source document to normalized, validated YAML.

``build(content_dir)`` is pure with respect to the file system's *outputs*: it
reads ``content/sources``, ``content/taxonomy.yaml``, ``content/overrides.yaml``
and the previously built bank (the id registry, see ``bot.questionbank.ids``)
and returns the exact text of every output file. ``write`` puts them on disk;
``stale`` compares them with what is there (``qotd bank build --check``). The
same inputs always give the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.domain.questions import KeyPoint, Question, SourceRef, Topic
from bot.questionbank import derive, packs
from bot.questionbank.bankfile import (
    GENERATED_HEADER,
    BankFile,
    dump_yaml,
    question_files,
    read_bank_file,
    render_bank_file,
    render_topics_file,
)
from bot.questionbank.corrections import undo_corrections
from bot.questionbank.errors import BankError, BankFileError
from bot.questionbank.groups import near_duplicate_groups
from bot.questionbank.ids import Fingerprint, assign_ids, source_code
from bot.questionbank.limits import question_problems
from bot.questionbank.overrides import Override, apply_override, load_overrides
from bot.questionbank.parsed import ParsedQuestion, ParseError, ParseResult
from bot.questionbank.parsing import parse_document, unaccounted_lines
from bot.questionbank.schema import schema_json
from bot.questionbank.taxonomy import Taxonomy, Texts, named_subtopics, unknown_subtopics

SOURCE_SUFFIXES = (".txt", ".md", ".markdown")
BANK_DIR = "bank"
SCHEMA_PATH = "schema/question-bank.schema.json"
_UNKNOWN_SUBTOPIC = "the sub-topic {slug!r} is not one of the slugs under subtopics: in taxonomy.yaml"


@dataclass(slots=True)
class SourceReport:
    file: str
    format: str
    questions: int
    kinds: dict[str, int]
    declared_count: int | None
    skipped: list[dict[str, Any]]
    warnings: list[str]


@dataclass(slots=True)
class BuildResult:
    questions: list[Question]
    topics: list[Topic]
    groups: dict[str, list[str]]
    sources: list[SourceReport]
    hand_written: dict[str, int]
    corrections: list[dict[str, str]] = field(default_factory=list)  # overrides.yaml's, in its order
    waivers: list[dict[str, str]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # path relative to content/ -> text


def _sources(content_dir: Path) -> list[Path]:
    folder = content_dir / "sources"
    return (
        sorted(p for p in folder.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES) if folder.is_dir() else []
    )


def _parse(path: Path) -> ParseResult:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BankError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    try:
        result = parse_document(text, name=path.name)
    except ParseError as exc:
        raise BankError(f"{path}: {exc}") from exc
    lost = unaccounted_lines(text, result)
    if lost:
        shown = ", ".join(map(str, lost[:10])) + (" ..." if len(lost) > 10 else "")
        raise BankError(f"{path}: lines {shown} are neither in a question nor in a skipped block")
    return result


def _previous(bank_dir: Path, overrides: dict[str, Override]) -> dict[str, list[tuple[str, Fingerprint]]]:
    """The last build's questions per source file, as their source had them: the id registry."""
    registry: dict[str, list[tuple[str, Fingerprint]]] = {}
    for path in question_files(bank_dir):
        try:
            bank_file = read_bank_file(path)
        except BankError:
            continue  # a broken old file only costs id continuity; the new build replaces it
        if bank_file.generated and bank_file.source:
            registry[bank_file.source] = [
                (
                    q.id,
                    Fingerprint(
                        q.extra.get("parsed_prompt", q.prompt),
                        _uncorrected_answer(q, overrides),
                        q.extra.get("label", ""),
                    ),
                )
                for q in bank_file.questions
            ]
    return registry


def _uncorrected_answer(question: Question, overrides: dict[str, Override]) -> str:
    corrections = overrides[question.id].corrections if question.id in overrides else ()
    return undo_corrections(question.full_answer, "full_answer", corrections)


def _fingerprint(pq: ParsedQuestion) -> Fingerprint:
    return Fingerprint(pq.prompt, pq.full_answer, pq.label)


def _normalize(pq: ParsedQuestion, qid: str, file: str, taxonomy: Taxonomy) -> Question:
    short = (
        pq.short_answer.strip()
        or derive.mcq_short_answer(pq.choices, pq.correct_choice)
        or derive.short_answer(pq.full_answer)
    )
    given = [KeyPoint(p.strip()) for p in pq.key_points if p.strip()]
    # Without key points in the source, the answer's bullets or sentences stand in, marked as
    # derived (members see "from the model answer"; a person may write better ones in the overrides).
    points = given or [KeyPoint(p, derived=True) for p in derive.key_points(pq.full_answer, short)]
    summary = " ".join([short, *(p.point for p in points)])
    texts = Texts(prompt=pq.prompt, section=pq.section, summary=summary, answer=pq.full_answer)
    extra = {k: v for k, v in pq.hints.items() if v}
    if pq.label:
        extra["label"] = pq.label
    if pq.section:
        extra["section"] = pq.section
    return Question(
        id=qid,
        kind=pq.kind,
        prompt=pq.prompt.strip(),
        short_answer=short,
        full_answer=pq.full_answer.strip(),
        topic=taxonomy.classify(texts) if taxonomy.topics else "",
        difficulty=derive.difficulty(pq.kind, pq.prompt, pq.full_answer),
        key_points=tuple(points),
        tags=taxonomy.tags(" ".join([pq.prompt, summary])),
        choices=tuple(pq.choices),
        correct_choice=pq.correct_choice,
        explanation=pq.explanation.strip(),
        steps=tuple(pq.steps),
        follow_ups=tuple(f.strip() for f in pq.follow_ups if f.strip()),
        source=SourceRef(file, pq.first_line, pq.last_line),
        extra=extra,
    )


def _overridden(question: Question, overrides: dict[str, Override]) -> Question:
    """Apply the question's override; remember a replaced prompt, which ids are matched on."""
    if question.id not in overrides:
        return question
    changed = apply_override(question, overrides[question.id])
    if changed.prompt != question.prompt:
        changed = replace(changed, extra={**changed.extra, "parsed_prompt": question.prompt})
    return changed


def _report(file: str, result: ParseResult) -> SourceReport:
    return SourceReport(
        file=file,
        format=result.format,
        questions=len(result.questions),
        kinds=dict(sorted(Counter(q.kind.value for q in result.questions).items())),
        declared_count=result.declared_count,
        skipped=[
            {"lines": [b.first_line, b.last_line], "reason": b.reason, "preview": b.preview}
            for b in result.skipped
        ],
        warnings=list(result.warnings),
    )


def build(content_dir: Path) -> BuildResult:
    """Build the whole bank from ``content_dir``; raises BankError naming what to fix."""
    bank_dir = content_dir / BANK_DIR
    parsed: list[tuple[Path, ParseResult]] = [(p, _parse(p)) for p in _sources(content_dir)]
    topics: list[Topic] = [t for _, r in parsed for t in r.topics]
    if not topics:
        raise BankError(
            f"{content_dir / 'sources'}: no syllabus found, so there are no topic areas to file questions under"
        )
    topics = named_subtopics(content_dir / "taxonomy.yaml", topics)
    taxonomy = Taxonomy.load(content_dir / "taxonomy.yaml", topics)
    overrides = load_overrides(content_dir / "overrides.yaml")
    previous = _previous(bank_dir, overrides)

    codes: dict[str, str] = {}
    taken: set[str] = set()
    per_source: list[tuple[Path, ParseResult, list[Question]]] = []
    for path, result in parsed:
        code = source_code(path.stem)
        if result.questions and code in codes:
            raise BankError(
                f"{path.name} and {codes[code]} both get the id prefix {code!r}: rename one of them"
            )
        codes[code] = path.name
        ids = assign_ids(
            code, [_fingerprint(q) for q in result.questions], previous.get(path.name, []), taken=taken
        )
        taken |= set(ids)
        questions = [
            _normalize(pq, qid, path.name, taxonomy) for pq, qid in zip(result.questions, ids, strict=True)
        ]
        per_source.append((path, result, questions))

    generated = [q for _, _, qs in per_source for q in qs]
    hand = _hand_written(bank_dir, taxonomy, taken)
    hand_ids = {q.id for f in hand for q in f.questions}
    for qid in sorted(hand_ids & set(overrides)):
        # A hand-written question is corrected in its own file; overrides.yaml may only waive a lint finding.
        if set(overrides[qid].values) - {"waive"}:
            raise overrides[qid].error(
                f"{qid} is hand-written: correct it in its own file; overrides.yaml holds only its lint waivers"
            )
    unknown = sorted(set(overrides) - {q.id for q in generated} - hand_ids)
    if unknown:
        first = overrides[unknown[0]]
        raise BankError(
            f"{content_dir / 'overrides.yaml'}:{first.line}: no question has the id {unknown[0]}"
            + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else "")
            + "; it was removed from its source or its text changed beyond recognition: delete or re-key the entry"
        )
    per_source = [(path, result, [_overridden(q, overrides) for q in qs]) for path, result, qs in per_source]
    missing = [q for _, _, qs in per_source for q in qs if not q.prompt]
    if missing:
        lines = "\n".join(f"  {q.id}:  # {derive.clip(q.short_answer, 90)}\n    prompt: ..." for q in missing)
        raise BankError(
            f"{len(missing)} question(s) have no prompt (their document lost the titles); "
            f"write one for each in {content_dir / 'overrides.yaml'}:\n{lines}"
        )
    for q in (q for _, _, qs in per_source for q in qs):
        problems = question_problems(q)
        if problems:
            where = overrides[q.id].error if q.id in overrides else BankError
            raise where(f"{q.id} does not fit the bank's limits: {'; '.join(problems)}")

    all_questions = [q for _, _, qs in per_source for q in qs] + [q for f in hand for q in f.questions]
    overridden = (q for _, _, qs in per_source for q in qs)  # their sub-topics come from the overrides
    for q, slug in unknown_subtopics(topics, overridden)[:1]:
        raise overrides[q.id].error(_UNKNOWN_SUBTOPIC.format(slug=slug))
    groups = near_duplicate_groups(all_questions)
    group_of = {qid: name for name, ids in groups.items() for qid in ids}

    out = BuildResult(
        questions=[replace(q, group=group_of.get(q.id)) for q in all_questions],
        topics=topics,
        groups=groups,
        sources=[_report(p.name, r) for p, r, _ in per_source],
        hand_written={f.path.name: len(f.questions) for f in hand},
        corrections=[c.to_report(o.question_id) for o in overrides.values() for c in o.corrections],
        waivers=[w.to_report(o.question_id) for o in overrides.values() for w in o.waivers],
    )
    for path, result, qs in per_source:
        if qs:
            out.files[f"{BANK_DIR}/{path.stem}.yaml"] = render_bank_file(
                path.name, result.format, [replace(q, group=group_of.get(q.id)) for q in qs]
            )
    out.files[f"{BANK_DIR}/topics.yaml"] = render_topics_file(topics)
    out.files[f"{BANK_DIR}/report.yaml"] = _render_report(out)
    out.files[SCHEMA_PATH] = schema_json()
    return out


def _hand_written(bank_dir: Path, taxonomy: Taxonomy, taken: set[str]) -> list[BankFile]:
    files = []
    for path in question_files(bank_dir):
        if path.read_text(encoding="utf-8").startswith(GENERATED_HEADER):
            continue
        bank_file = packs.read_question_file(path)
        for q, (line, _) in zip(bank_file.questions, bank_file.spans, strict=True):
            if q.id in taken:
                raise BankError(f"{path}: id {q.id} is already used by another question")
            if q.topic not in taxonomy.by_id:
                raise BankError(
                    f"{path}: question {q.id} has topic {q.topic!r}, not one of {sorted(taxonomy.by_id)}"
                )
            for _, slug in unknown_subtopics(taxonomy.topics, [q])[:1]:
                raise BankFileError(path, f"{q.id}: {_UNKNOWN_SUBTOPIC.format(slug=slug)}", line=line)
            taken.add(q.id)
        files.append(bank_file)
    return files


def _render_report(result: BuildResult) -> str:
    by = Counter
    data = {
        "totals": {
            "questions": len(result.questions),
            "kinds": dict(sorted(by(q.kind.value for q in result.questions).items())),
            "difficulty": dict(sorted(by(q.difficulty.value for q in result.questions).items())),
            "topics": {t.id: sum(1 for q in result.questions if q.topic == t.id) for t in result.topics},
        },
        "sources": [
            {
                "file": s.file,
                "format": s.format,
                "questions": s.questions,
                "kinds": s.kinds,
                "declared_count": s.declared_count,
                "skipped": s.skipped,
                "warnings": s.warnings,
            }
            for s in result.sources
        ],
        "hand_written": result.hand_written,
        "near_duplicate_groups": result.groups,
        # Every change content/overrides.yaml makes to the seeds' wording, and every lint finding it waives.
        "corrections": result.corrections,
        "lint_waivers": result.waivers,
    }
    header = (
        f"{GENERATED_HEADER}: what the build did with every source line, the near-duplicate groups,\n"
        "# and every correction and lint waiver of content/overrides.yaml.\n"
    )
    return header + dump_yaml(data)


def stale(content_dir: Path, result: BuildResult) -> list[str]:
    """Output files whose text on disk differs from the build's, plus generated files no source makes."""
    changed = [
        rel
        for rel, text in result.files.items()
        if not (content_dir / rel).exists() or (content_dir / rel).read_text(encoding="utf-8") != text
    ]
    for path in question_files(content_dir / BANK_DIR):
        rel = f"{BANK_DIR}/{path.name}"
        if rel not in result.files and path.read_text(encoding="utf-8").startswith(GENERATED_HEADER):
            changed.append(rel)
    return sorted(changed)


def write(content_dir: Path, result: BuildResult) -> list[str]:
    """Write the build's files (only those that changed) and remove orphaned generated files."""
    changed = stale(content_dir, result)
    for rel in changed:
        path = content_dir / rel
        if rel in result.files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(result.files[rel], encoding="utf-8")
        else:
            path.unlink()
    return changed


def questions_by_id(questions: Sequence[Question]) -> dict[str, Question]:
    return {q.id: q for q in questions}


def load_taxonomy(content_dir: Path) -> Taxonomy:
    """The built taxonomy (topics.yaml) with its terms, for documents parsed outside a build."""
    from bot.questionbank.bank import load_topics  # the loader depends on the builder's outputs

    return Taxonomy.load(content_dir / "taxonomy.yaml", load_topics(content_dir / BANK_DIR / "topics.yaml"))


def parse_upload(
    text: str, name: str, content_dir: Path, *, taxonomy: Taxonomy | None = None
) -> tuple[list[Question], ParseResult]:
    """Parse a document someone brings (not a source of the shared bank) into normalized questions.

    Ids are hash ids under the file's code (callers that store them re-key them);
    topics, tags and difficulty follow the same rules as the shared bank. A
    question whose document lost its prompt keeps an empty prompt: callers
    decide whether to ask a person for one or leave it out.
    """
    result = parse_document(text, name=name)
    taxonomy = taxonomy or load_taxonomy(content_dir)
    code = source_code(Path(name).stem)
    ids = assign_ids(code, [_fingerprint(q) for q in result.questions], [])
    return [
        _normalize(pq, qid, name, taxonomy) for pq, qid in zip(result.questions, ids, strict=True)
    ], result
