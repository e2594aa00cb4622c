"""The /stats charts as pictures: dark cards that read in both Discord themes, an axis that fits the
data, values on the bars, whole topic names, and a mark for 0 %.

``python -m tests.bot.test_stats_chart docs/images`` redraws the examples the README shows from the
same data these tests draw.
"""

from __future__ import annotations

import io
import sys
from datetime import date, timedelta
from pathlib import Path

from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from bot.exts.leaderboards import chart
from bot.exts.leaderboards.chart import TopicBar
from bot.questionbank.bank import load_bank

CONTENT = Path(__file__).resolve().parents[2] / "content"
TODAY = date(2026, 1, 8)
LONG_SERVER_TOPIC = (
    "Message Brokers, Event Sourcing and Exactly-Once Delivery in Distributed Node.js Services"
)


def window(points: dict[date, int], days: int = 30) -> list[tuple[date, int]]:
    """What the service returns: every day of the window, oldest first, ending today."""
    start = TODAY - timedelta(days=days - 1)
    return [(start + timedelta(days=i), points.get(start + timedelta(days=i), 0)) for i in range(days)]


FIRST_WEEK = window({date(2026, 1, 5): 11, date(2026, 1, 6): 12, date(2026, 1, 7): 3, date(2026, 1, 8): 13})
A_MONTH = window(
    {TODAY - timedelta(days=d): p for d, p in enumerate([13, 0, 12, 3, 11, 16, 0, 0, 1, 12] * 3)}
)


def bank_topics() -> list[TopicBar]:
    """Every topic of the bank, with made-up answers: one at 0 %, one at 100 %, the rest between."""
    titles = [t.title for t in load_bank(CONTENT / "bank").topics]
    answered = [4, 10, 3, 6, 5, 1, 8, 11, 7]
    shares = [0.75, 0.62, 1.0, 0.33, 0.48, 0.0, 0.55, 0.81, 0.4]
    return [TopicBar(title, n, share * n) for title, n, share in zip(titles, answered, shares, strict=False)]


def few_topics() -> list[TopicBar]:
    return [
        TopicBar("Node.js Core and Runtime Fundamentals", 2, 2.0),
        TopicBar("Authentication, Authorization, and Security", 1, 0.0),
        TopicBar("Database and ORM Usage", 1, 0.6),
    ]


def texts(figure: Figure) -> list[Text]:
    figure.canvas.draw()
    return [t for t in figure.findobj(Text) if t.get_text() and t.get_visible()]


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(to_rgb(a)), luminance(to_rgb(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_day_axis_covers_the_days_with_points_and_at_least_a_week():
    assert [d for d, _ in chart.shown_days(FIRST_WEEK)] == [
        date(2026, 1, 2) + timedelta(days=i) for i in range(7)
    ]
    started = window({date(2025, 12, 15): 5, TODAY: 2})
    assert chart.shown_days(started)[0] == (date(2025, 12, 15), 5)
    assert len(chart.shown_days(started)) == 25
    assert [p for _, p in chart.shown_days(window({}))] == [0] * 7  # no points: this week, all zero
    assert chart.shown_days(A_MONTH) == A_MONTH


def test_every_day_shows_its_value_and_the_title_says_which_days():
    shown = [t.get_text() for t in texts(chart.points_figure(FIRST_WEEK))]
    assert shown.count("0") == 3
    assert all(str(v) in shown for v in (11, 12, 3, 13))
    assert "Points per day · 2 Jan – 8 Jan 2026" in shown
    assert "39 points on 4 days" in shown


def test_both_charts_are_dark_cards_of_a_size_discord_shows_well():
    pictures = {
        "week": chart.render_points_chart(FIRST_WEEK),
        "month": chart.render_points_chart(A_MONTH),
        "few topics": chart.render_topics_chart(few_topics()),
        "every topic": chart.render_topics_chart(bank_topics()),
    }
    for name, png in pictures.items():
        with Image.open(io.BytesIO(png)) as image:
            rgba = image.convert("RGBA")
            width, height = rgba.size
            assert width == 1020, name
            assert 300 <= height <= 1100, (name, height)  # never taller than wide
            for corner in ((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)):
                r, g, b, a = rgba.getpixel(corner)
                assert a == 0 or luminance((r / 255, g / 255, b / 255)) < 0.05, (name, corner)
    # Text and bars stand out from the card (WCAG: 4.5 for text, 3 for shapes).
    assert contrast(chart.TEXT, chart.CARD) >= 7
    assert contrast(chart.MUTED, chart.CARD) >= 4.5
    assert contrast(chart.TEXT, chart.RIGHT_COLOUR) >= 4.5  # values written on a full bar
    assert contrast(chart.TEXT, chart.TRACK) >= 4.5
    assert contrast(chart.POINTS_COLOUR, chart.CARD) >= 3
    assert contrast(chart.ZERO_COLOUR, chart.TRACK) >= 3
    assert contrast(chart.RIGHT_COLOUR, chart.TRACK) >= 3  # the filled part against the empty


def test_topic_names_are_whole_and_inside_the_picture():
    topics = [*bank_topics(), TopicBar(LONG_SERVER_TOPIC, 1234, 1234.0)]
    figure = chart.topics_figure(topics)
    drawn = texts(figure)
    frame = figure.bbox
    for text in drawn:  # nothing runs off the picture
        box = text.get_window_extent()
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        assert inside, text.get_text()
    names = {" ".join(t.get_text().split()): t for t in drawn}
    for topic in topics:
        assert topic.title in names, topic.title  # every word, in order, however it was wrapped
    assert not any("…" in t.get_text() or "..." in t.get_text() for t in drawn)
    assert "100% · 1234 answers" in names
    values = [t for t in drawn if "answer" in t.get_text() and "%" in t.get_text()]
    assert len(values) == len(topics)
    for value in values:  # a value never runs into the name beside it
        assert not any(value.get_window_extent().overlaps(names[t.title].get_window_extent()) for t in topics)


def test_a_topic_at_zero_shows_a_mark_and_its_value():
    figure = chart.topics_figure(few_topics())
    assert "0% · 1 answer" in [t.get_text() for t in texts(figure)]
    with Image.open(io.BytesIO(chart.render_topics_chart(few_topics()))) as image:
        red = tuple(round(255 * c) for c in to_rgb(chart.ZERO_COLOUR))
        marked = sum(1 for pixel in image.convert("RGB").get_flattened_data() if pixel == red)
    assert marked > 200  # a visible edge, not a hairline
    with Image.open(io.BytesIO(chart.render_topics_chart(few_topics()[:1]))) as image:
        assert red not in set(image.convert("RGB").get_flattened_data())  # and only where a topic is at 0


def write_examples(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stats-points-per-day.png").write_bytes(chart.render_points_chart(FIRST_WEEK))
    (folder / "stats-accuracy-by-topic.png").write_bytes(chart.render_topics_chart(bank_topics()))


if __name__ == "__main__":
    write_examples(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
