"""The /stats picture: points per day and accuracy per topic, drawn off-screen into PNG bytes.

A pure function of its data, so the cog can run it in a worker thread
(``asyncio.to_thread``) without blocking the event loop. It never touches
``pyplot``: pyplot keeps every figure in a global registry (a leak unless each
is closed, and not thread-safe); a bare ``Figure`` on the Agg canvas is what
Matplotlib recommends for servers, and it is freed with the last reference.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display in a bot process, whoever imports matplotlib next

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.domain.pages import truncate
from bot.exts.shared.formatting import plural

LABEL_LENGTH = 28  # topic titles are shortened to fit beside their bar
POINTS_COLOUR = "#5865F2"  # Discord blurple
RIGHT_COLOUR = "#3BA55D"
DPI = 100


@dataclass(frozen=True, slots=True)
class TopicBar:
    """A topic's bar: right letters plus open answers' key-point shares (``credit``), over answers."""

    title: str
    answered: int
    credit: float

    @property
    def accuracy(self) -> float:
        return self.credit / self.answered if self.answered else 0.0


def short_label(title: str, limit: int = LABEL_LENGTH) -> str:
    return truncate(title, limit)


def render_stats_chart(points_by_day: Sequence[tuple[date, int]], topics: Sequence[TopicBar]) -> bytes:
    """A PNG: a bar per day (oldest left), then a horizontal accuracy bar per topic."""
    rows = max(len(topics), 1)
    figure = Figure(figsize=(8, 3.2 + 0.42 * rows), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    # Two sub-figures lay out on their own: long topic labels below don't squeeze the days above.
    top, bottom = figure.subfigures(2, 1, height_ratios=[3, max(1.2, 0.42 * rows)])
    days_axes, topics_axes = top.subplots(), bottom.subplots()

    days = [d for d, _ in points_by_day]
    days_axes.bar(range(len(days)), [p for _, p in points_by_day], color=POINTS_COLOUR)
    step = max(1, len(days) // 6)  # about six date labels, whatever the window
    ticks = list(range(len(days) - 1, -1, -step))[::-1]
    days_axes.set_xticks(ticks, [f"{days[i].day} {days[i]:%b}" for i in ticks])
    days_axes.set_xlim(-0.6, len(days) - 0.4)
    days_axes.set_title(f"Points per day (last {len(days)} days)")
    days_axes.set_ylabel("points")
    days_axes.yaxis.get_major_locator().set_params(integer=True)
    days_axes.spines[["top", "right"]].set_visible(False)

    if topics:
        positions = range(len(topics))
        topics_axes.barh(positions, [t.accuracy * 100 for t in topics], color=RIGHT_COLOUR)
        topics_axes.set_yticks(
            list(positions), [f"{short_label(t.title)} ({plural(t.answered, 'answer')})" for t in topics]
        )
        topics_axes.invert_yaxis()  # the first topic on top, as in the embed
        topics_axes.set_xlim(0, 100)
        topics_axes.set_xlabel("% right (multiple choice) or key points covered (open)")
    else:
        topics_axes.set_axis_off()
        topics_axes.text(0.5, 0.5, "No answers yet", ha="center", va="center")
    topics_axes.set_title("Accuracy by topic")
    topics_axes.spines[["top", "right"]].set_visible(False)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    figure.clear()  # drop the artists now rather than at garbage collection
    return buffer.getvalue()
