"""Key points as ideas with other phrasings: hand-written files, overrides, the database's form."""

from pathlib import Path

import pytest

from bot.domain.questions import KeyPoint
from bot.questionbank.bankfile import parse_bank_text, question_to_dict
from bot.questionbank.errors import BankFileError
from bot.questionbank.overrides import apply_override, load_overrides

TEAM_FILE = """\
questions:
  - id: team-closures
    kind: open
    topic: node-core
    difficulty: medium
    prompt: What is a closure?
    full_answer: A closure is a function with the variables of the scope it was created in.
    key_points:
      - a closure keeps access to the variables of its outer scope
      - point: the scope stays alive after the outer function returns
        accept: ["outer variables survive the return", "the environment is kept"]
"""


def test_a_hand_written_file_takes_plain_and_mapped_key_points(tmp_path):
    (q,) = parse_bank_text(tmp_path / "team.yaml", TEAM_FILE).questions
    assert q.key_points == (
        KeyPoint("a closure keeps access to the variables of its outer scope"),
        KeyPoint(
            "the scope stays alive after the outer function returns",
            ("outer variables survive the return", "the environment is kept"),
        ),
    )
    # Written back, a plain point stays a string and the other keeps its phrasings.
    assert question_to_dict(q)["key_points"] == [
        "a closure keeps access to the variables of its outer scope",
        {
            "point": "the scope stays alive after the outer function returns",
            "accept": ["outer variables survive the return", "the environment is kept"],
        },
    ]


def test_a_key_point_mapping_without_its_point_is_refused_with_its_line(tmp_path):
    broken = TEAM_FILE.replace("- point: the scope", "- idea: the scope")
    with pytest.raises(BankFileError, match="key_points"):
        parse_bank_text(tmp_path / "team.yaml", broken)


def test_derived_points_are_marked_in_the_file_form():
    point = KeyPoint("drawn from the model answer", derived=True)
    assert point.to_data() == {"point": "drawn from the model answer", "derived": True}
    assert KeyPoint.from_data(point.to_data()) == point


CLOSURES = parse_bank_text(Path("team.yaml"), TEAM_FILE).questions[0]


def _override(tmp_path: Path, body: str):
    path = tmp_path / "overrides.yaml"
    path.write_text(body)
    return load_overrides(path)


def test_an_override_rewrites_key_points_with_phrasings_and_a_reason(tmp_path):
    overrides = _override(
        tmp_path,
        f"""\
{CLOSURES.id}:
  reason: the seed's points were slogans
  key_points:
    - point: process.nextTick callbacks run before promise callbacks
      accept: [nextTick goes before promises]
    - setImmediate runs in the check phase
""",
    )
    changed = apply_override(CLOSURES, overrides[CLOSURES.id])
    assert changed.key_points == (
        KeyPoint(
            "process.nextTick callbacks run before promise callbacks", ("nextTick goes before promises",)
        ),
        KeyPoint("setImmediate runs in the check phase"),
    )


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("[]", "must be a list of points"),
        ("[{accept: [x]}]", "mappings with 'point'"),
        ("[{point: x, accept: x}]", "must be a list of non-empty strings"),
        ("[{point: x, weight: 2}]", "not \\['weight'\\]"),
    ],
)
def test_bad_key_point_overrides_are_refused(tmp_path, points, message):
    with pytest.raises(BankFileError, match=message):
        _override(tmp_path, f"quiz-ab12cd:\n  key_points: {points}\n")
