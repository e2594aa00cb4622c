"""The /stats pictures: points per day, and accuracy per topic, drawn off-screen into PNG bytes.

Two pictures rather than one tall one: Discord shows an embed's image about
400 pixels wide, so each keeps a shape whose text stays readable there. Both
are drawn on a dark card (Discord's own embed grey) with light text: readable
in the dark theme, where the card blends in, and in the light theme, where it
stands out as a card. The day axis covers the days that have points (at least
a week), every bar carries its value, topic names are wrapped, never cut, and a
topic at 0 % shows an empty track with a mark and "0%".

Pure functions of their data, so the cog runs them in a worker thread
(``asyncio.to_thread``). They never touch ``pyplot``: pyplot keeps every figure
in a global registry (a leak unless each is closed, and not thread-safe); a
bare ``Figure`` on the Agg canvas is what Matplotlib recommends for servers.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")  # no display in a bot process, whoever imports matplotlib next

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.exts.shared.formatting import plural

CARD = "#2B2D31"  # Discord's embed background in the dark theme
TRACK = "#1E1F22"  # the empty part of an accuracy bar, a shade darker than the card
BASELINE = "#4E5058"
TEXT = "#F2F3F5"
MUTED = "#B5BAC1"
POINTS_COLOUR = "#6470F4"  # Discord blurple, a touch lighter to stand out from the card
RIGHT_COLOUR = "#1A7F45"  # dark enough for white text on it, light enough to stand out from the track
ZERO_COLOUR = "#F23F43"
DPI = 150
WIDTH = 6.8  # inches: 1,020 pixels at DPI
MIN_DAYS = 7
LABEL_WIDTH = 44  # characters per line of a topic name, leaving room for the value beside it
ROW_HEIGHT, LINE_HEIGHT, ROW_GAP = 0.36, 0.2, 0.12  # inches: a topic's track, each wrapped line, between
VALUE_AT, VALUES_END = 102, 136  # the values' column, right of the 0-100 tracks, in the same units
ZERO_MARK = 1.2  # the width (in % of the track) of the red edge of a topic at 0 %
TITLE_SIZE, TEXT_SIZE, SMALL_SIZE = 15, 12, 11


@dataclass(frozen=True, slots=True)
class TopicBar:
    """A topic's bar: right letters plus open answers' key-point shares (``credit``), over answers."""

    title: str
    answered: int
    credit: float

    @property
    def accuracy(self) -> float:
        return self.credit / self.answered if self.answered else 0.0


def shown_days(points_by_day: Sequence[tuple[date, int]], minimum: int = MIN_DAYS) -> list[tuple[date, int]]:
    """The days from the first with points to the last, at least ``minimum`` of them, gaps as zeros.

    ``points_by_day`` is oldest first and ends today; the window ends there too.
    """
    if not points_by_day:
        return []
    points = dict(points_by_day)
    last = points_by_day[-1][0]
    scored = [day for day, value in points_by_day if value]
    first = min(scored[0] if scored else last, last - timedelta(days=minimum - 1))
    return [
        (first + timedelta(days=i), points.get(first + timedelta(days=i), 0))
        for i in range((last - first).days + 1)
    ]


def wrap(title: str, width: int = LABEL_WIDTH) -> str:
    """A topic name on as many lines as it takes; nothing is cut."""
    return "\n".join(textwrap.wrap(title, width, break_long_words=False, break_on_hyphens=False)) or title


def _span(first: date, last: date) -> str:
    same_year = first.year == last.year
    start = f"{first.day} {first:%b}" + ("" if same_year else f" {first.year}")
    return f"{start} – {last.day} {last:%b} {last.year}"


def _figure(height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor=CARD, layout="constrained")
    FigureCanvasAgg(figure)
    figure.get_layout_engine().set(w_pad=0.15, h_pad=0.15)  # type: ignore[union-attr]
    axes = figure.subplots()
    axes.set_facecolor(CARD)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(BASELINE)
    axes.tick_params(colors=MUTED, labelsize=SMALL_SIZE, length=0)
    return figure, axes


def _titles(figure: Figure, title: str, note: str) -> None:
    """A bold title on the card's top left, and a muted line under the chart saying what it shows."""
    figure.suptitle(title, x=0.03, ha="left", color=TEXT, fontsize=TITLE_SIZE, weight="bold")
    figure.supxlabel(note, x=0.03, ha="left", color=MUTED, fontsize=SMALL_SIZE)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=CARD)
    figure.clear()  # drop the artists now rather than at garbage collection
    return buffer.getvalue()


def render_points_chart(points_by_day: Sequence[tuple[date, int]]) -> bytes:
    return _png(points_figure(points_by_day))


def render_topics_chart(topics: Sequence[TopicBar]) -> bytes:
    return _png(topics_figure(topics))


def points_figure(points_by_day: Sequence[tuple[date, int]]) -> Figure:
    """A bar per day with its points on top, over the days that have points (a week at least)."""
    days = shown_days(points_by_day)
    figure, axes = _figure(3.4)
    values = [p for _, p in days]
    bars = axes.bar(range(len(days)), values, color=POINTS_COLOUR, width=0.7)
    top = max(values, default=0) or 1
    axes.set_ylim(0, top * 1.22)
    size = SMALL_SIZE if len(days) <= 14 else SMALL_SIZE - 3
    for bar, value in zip(bars, values, strict=True):
        # Every day says its points; a day without any says 0 in the muted colour.
        axes.annotate(
            str(value),
            (bar.get_x() + bar.get_width() / 2, value),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=size,
            color=TEXT if value else MUTED,
            weight="bold" if value else "normal",
        )
    axes.set_yticks([])
    step = 1 if len(days) <= 10 else max(2, round(len(days) / 8))
    ticks = list(range(len(days) - 1, -1, -step))[::-1]  # today always labelled
    axes.set_xticks(ticks, [f"{days[i][0]:%a}\n{days[i][0].day} {days[i][0]:%b}" for i in ticks])
    axes.set_xlim(-0.6, len(days) - 0.4)
    scored = sum(1 for v in values if v)
    span = _span(days[0][0], days[-1][0]) if days else ""
    _titles(figure, f"Points per day · {span}", f"{plural(sum(values), 'point')} on {plural(scored, 'day')}")
    return figure


def topics_figure(topics: Sequence[TopicBar]) -> Figure:
    """A track per topic filled to its share, its whole name on it, its value and answers beside it."""
    labels = [wrap(t.title) for t in topics]
    heights = [ROW_HEIGHT + LINE_HEIGHT * label.count("\n") for label in labels]
    tops = [sum(heights[:i]) + ROW_GAP * i for i in range(len(topics))]
    span = (tops[-1] + heights[-1]) if topics else ROW_HEIGHT
    figure, axes = _figure(1.25 + span)
    for top, height, label, topic in zip(tops, heights, labels, topics, strict=True):
        share = 100 * topic.accuracy
        middle = top + height / 2
        axes.barh(middle, 100, height=height, color=TRACK)
        axes.barh(middle, share, height=height, color=RIGHT_COLOUR)
        if share < 0.5:  # nothing to fill: a red edge says "0", not "missing"
            axes.barh(middle, ZERO_MARK, height=height, color=ZERO_COLOUR)
        axes.text(2.5, middle, label, va="center", ha="left", color=TEXT, fontsize=TEXT_SIZE, linespacing=1.1)
        axes.text(
            VALUE_AT,
            middle,
            f"{share:.0f}% · {plural(topic.answered, 'answer')}",
            va="center",
            ha="left",
            color=TEXT,
            fontsize=SMALL_SIZE,
            weight="bold",
        )
    axes.set_ylim(span, 0)  # the first topic on top, as in the embed
    axes.set_xlim(0, VALUES_END)
    axes.set_yticks([])
    axes.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    axes.spines["bottom"].set_visible(False)
    _titles(figure, "Accuracy by topic", "Multiple choice: share right · open answers: key points covered")
    return figure
