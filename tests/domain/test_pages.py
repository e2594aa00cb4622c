"""Long Markdown in Discord-sized pages: never a broken code block."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.limits import EMBED_DESCRIPTION
from bot.domain.pages import MIN_PAGE, split_markdown, truncate


def visible(text: str) -> str:
    """The text's non-whitespace characters, in order."""
    return "".join(text.split())


def without_fences(text: str, languages=("py", "js")) -> str:
    return re.sub(r"```(?:" + "|".join(languages) + r")?", "", text)


def test_short_text_is_one_page_unchanged():
    assert split_markdown("Hello **world**\n\nSecond paragraph.") == ["Hello **world**\n\nSecond paragraph."]


def test_blank_text_gives_no_pages():
    assert split_markdown("") == []
    assert split_markdown(" \n\n ") == []


def test_pages_end_at_paragraph_breaks():
    paragraphs = [f"Paragraph {n} " + "word " * 8 for n in range(6)]
    pages = split_markdown("\n\n".join(p.strip() for p in paragraphs), limit=120)
    assert len(pages) > 1
    for page in pages:
        assert len(page) <= 120
        assert page.startswith("Paragraph")
        assert page.endswith("word")


def test_a_code_block_that_fits_on_a_page_is_never_split():
    code = "```js\n" + "\n".join(f"console.log({n});" for n in range(5)) + "\n```"
    text = "Intro " + "words " * 12 + "\n\n" + code + "\n\nOutro."
    pages = split_markdown(text, limit=len(code) + 10)
    assert len(pages) == 2
    assert pages[1].startswith(code)
    assert all(page.count("```") % 2 == 0 for page in pages)


def test_a_long_code_block_becomes_several_complete_blocks_cut_at_lines():
    lines = [f"    value_{n} = compute({n})  # step {n}" for n in range(60)]
    text = "Look:\n\n```py\n" + "\n".join(lines) + "\n```\n\nDone."
    pages = split_markdown(text, limit=300)
    assert len(pages) > 3
    assert pages[0].startswith("Look:")
    assert pages[-1].endswith("Done.")
    found = []
    for page in pages:
        assert len(page) <= 300
        blocks = re.findall(r"```(.*?)```", page, flags=re.DOTALL)
        assert len(blocks) == 1
        assert page.count("```") == 2
        assert blocks[0].startswith("py\n")  # the language is kept on every piece
        assert blocks[0].endswith("\n")  # fences sit on their own lines
        found += [line for line in blocks[0].split("\n") if line.startswith("    value_")]
    assert found == lines  # every line of code arrives whole, in order


def test_a_single_long_line_is_wrapped_at_spaces():
    text = " ".join(f"word{n:03d}" for n in range(200))
    pages = split_markdown(text, limit=100)
    for page in pages:
        assert len(page) <= 100
        assert all(re.fullmatch(r"word\d{3}", w) for w in page.split())
    assert visible("".join(pages)) == visible(text)


def test_an_unbroken_line_is_cut_hard_when_it_must():
    text = "x" * 250
    pages = split_markdown(text, limit=100)
    assert [len(p) for p in pages] == [100, 100, 50]


def test_an_unclosed_code_block_is_closed():
    pages = split_markdown("Example:\n```py\nprint('hi')\n")
    assert pages == ["Example:\n```py\nprint('hi')\n```"]


def test_a_long_answer_fits_embed_descriptions():
    text = "\n\n".join("A sentence that explains something. " * 20 for _ in range(15))
    pages = split_markdown(text, EMBED_DESCRIPTION)
    assert len(pages) == 3
    assert all(len(p) <= EMBED_DESCRIPTION for p in pages)


def test_tiny_limits_are_refused():
    with pytest.raises(ValueError, match="at least"):
        split_markdown("text", limit=MIN_PAGE - 1)


words = st.text("abcdefghij", min_size=1, max_size=12)
prose_line = st.lists(words, min_size=1, max_size=40).map(" ".join)
paragraph = st.lists(prose_line, min_size=1, max_size=4).map("\n".join)
code_line = st.text("abcxyz ()=;{}.'\t", max_size=120)
code_block = st.builds(
    lambda language, lines: f"```{language}\n" + "\n".join(lines) + "\n```",
    st.sampled_from(["", "py", "js"]),
    st.lists(code_line, min_size=1, max_size=30),
)
markdown = st.lists(st.one_of(paragraph, code_block), min_size=1, max_size=8).flatmap(
    lambda blocks: st.lists(
        st.sampled_from(["\n", "\n\n", "\n\n\n"]), min_size=len(blocks), max_size=len(blocks)
    ).map(lambda separators: "".join(b + s for b, s in zip(blocks, separators, strict=True)))
)


@settings(max_examples=200, deadline=None)
@given(text=markdown, limit=st.integers(min_value=MIN_PAGE, max_value=600))
def test_pages_fit_keep_fences_balanced_and_lose_nothing(text, limit):
    pages = split_markdown(text, limit)
    assert all(len(page) <= limit for page in pages)
    assert all(page.count("```") % 2 == 0 for page in pages)
    assert visible(without_fences("".join(pages))) == visible(without_fences(text))


@settings(max_examples=200, deadline=None)
@given(text=st.text("`` \n!?é中", max_size=400), limit=st.integers(min_value=MIN_PAGE, max_value=120))
def test_any_text_with_stray_backticks_splits_safely(text, limit):
    pages = split_markdown(text, limit)
    assert all(len(page) <= limit for page in pages)
    assert all(page.count("```") % 2 == 0 for page in pages)
    # No language words can occur with this alphabet, so only backticks were added.
    assert visible("".join(pages)).replace("`", "") == visible(text).replace("`", "")


def test_truncate():
    assert truncate("short", 10) == "short"
    cut = truncate("The event loop handles asynchronous operations", 30)
    assert len(cut) <= 30
    assert cut == "The event loop handles…"
    assert truncate("x" * 50, 10) == "x" * 9 + "…"
    assert truncate("abcdef", 8, ellipsis=" [more]") == "abcdef"
    assert truncate("abcdefghij", 8, ellipsis=" [more]") == "a [more]"


def test_truncate_closes_a_code_block_it_cuts():
    text = "Example:\n```py\n" + "print('hello world')\n" * 10 + "```"
    cut = truncate(text, 60)
    assert len(cut) <= 60
    assert cut.count("```") == 2
    assert cut.endswith("…\n```")


@given(text=st.text("ab `\n", max_size=200), limit=st.integers(min_value=1, max_value=80))
def test_truncate_always_fits(text, limit):
    cut = truncate(text, limit)
    assert len(cut) <= limit
    if len(text) <= limit:
        assert cut == text
