"""Pack files (content/bank/pack-*.yaml): loaded like the rest, held to the rules that keep ids stable."""

import re
from pathlib import Path

import pytest

from bot.questionbank.bank import load_bank
from bot.questionbank.builder import build, write
from bot.questionbank.errors import BankError
from tests.questionbank.content_folders import syllabus_only

PACK = """\
# yaml-language-server: $schema=../schema/question-bank.schema.json
source: qotd-bot editors
format: pack
questions:
  - id: pack-locks-row-lock
    kind: open
    topic: data-consistency-concurrency
    subtopics: [locking]
    difficulty: easy
    prompt: What does SELECT ... FOR UPDATE do?
    short_answer: It locks the selected rows until the transaction ends.
    full_answer: It locks the selected rows until the transaction ends.

  # a comment between questions belongs to neither
  - id: pack-locks-skip-locked
    kind: mcq
    topic: data-consistency-concurrency
    difficulty: medium
    prompt: What does SKIP LOCKED do?
    short_answer: "B: it leaves out rows another transaction has locked."
    full_answer: It leaves out rows another transaction has locked.
    choices:
      - {key: A, text: It waits for the locks, why: That is FOR UPDATE without SKIP LOCKED.}
      - {key: B, text: It leaves locked rows out}
    correct_choice: B
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The real syllabus and taxonomy, no documents, and one small pack file."""
    folder = syllabus_only(tmp_path)
    (folder / "bank" / "pack-locks.yaml").write_text(PACK, encoding="utf-8")
    return folder


def test_a_pack_file_is_built_and_loaded_with_its_file_and_lines_as_the_source(content):
    write(content, build(content))
    bank = load_bank(content / "bank")
    first, second = (bank.get(qid) for qid in ("pack-locks-row-lock", "pack-locks-skip-locked"))
    assert (first.source.file, first.source.first_line, first.source.last_line) == ("pack-locks.yaml", 5, 12)
    assert (second.source.first_line, second.source.last_line) == (15, 25)
    assert second.choice("A").why == "That is FOR UPDATE without SKIP LOCKED."
    assert first.subtopics == ("locking",)
    # The build never rewrites a pack file.
    assert (content / "bank" / "pack-locks.yaml").read_text(encoding="utf-8") == PACK


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("source: qotd-bot editors", "source: me"),
            "pack-locks.yaml:1: a pack file says source: qotd-bot editors",
        ),
        (("format: pack", "format: mine"), "pack-locks.yaml:1: a pack file says format: pack"),
        (
            ("id: pack-locks-skip-locked", "id: locks-skip-locked"),
            "pack-locks.yaml:15: question id locks-skip-locked must start with 'pack-locks-'",
        ),
        (
            ("kind: open", "kind: scenario\n    steps: [{prompt: a, expected: b}]"),
            "pack-locks.yaml:5: question pack-locks-row-lock is a scenario question",
        ),
    ],
    ids=["author", "format", "id prefix", "kind"],
)
def test_a_pack_file_that_breaks_a_rule_stops_the_build_naming_file_and_line(content, change, message):
    path = content / "bank" / "pack-locks.yaml"
    path.write_text(PACK.replace(*change), encoding="utf-8")
    with pytest.raises(BankError, match=re.escape(message)):
        build(content)


def test_a_file_that_says_format_pack_must_be_named_like_one(content):
    (content / "bank" / "pack-locks.yaml").rename(content / "bank" / "locks.yaml")
    with pytest.raises(
        BankError, match=re.escape("locks.yaml: a file with format: pack is named pack-<area>.yaml")
    ):
        build(content)
