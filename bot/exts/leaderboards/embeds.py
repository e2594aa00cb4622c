"""What boards, ranks, streaks, stats and topic areas look like.

Members appear as ``<@id>`` mentions: inside an embed they show the member's
name and never notify anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import discord

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.periods import Period
from bot.domain.questions import Topic
from bot.domain.ranking import ORDERING_RULE
from bot.domain.scoring import MCQ_CORRECT, OPEN_MAX, PARTICIPATION, QUIZ_CORRECT, STREAK_BONUS_MAX
from bot.exts.shared.formatting import plural
from bot.services.leaderboard_results import Accuracy, Board, BoardRow, MemberRank, MemberStats, StreakSummary
from bot.services.reviews import MATURE_INTERVAL, TopicProgress

BOARD_COLOUR = discord.Colour.gold()
ME_COLOUR = discord.Colour.blurple()
MARK = "📍"
POINTS_CHART = "points-per-day.png"
TOPICS_CHART = "accuracy-by-topic.png"
BEST_DAYS = 3

PERIOD_NAMES: dict[Period, str] = {
    Period.DAY: "Today",
    Period.WEEK: "This week",
    Period.MONTH: "This month",
    Period.ALL: "All time",
}
POINTS_LEGEND = (
    f"pts: {MCQ_CORRECT} for a right letter, up to {OPEN_MAX} for key points covered, "
    f"+{PARTICIPATION} for taking part, up to +{STREAK_BONUS_MAX} a day for a streak, "
    f"up to {QUIZ_CORRECT} a quiz question."
)
_EMPTY_WHEN = {Period.DAY: " today", Period.WEEK: " this week", Period.MONTH: " this month", Period.ALL: ""}


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def standing_line(
    rank: int, member_id: int, points: int, details: str = "", *, marked: bool = False, unit: str = ""
) -> str:
    """``#3 @name · 25 points``: a marked line (the member asked about) is underlined, with a pin."""
    unit = unit or ("point" if points == 1 else "points")
    line = f"`#{rank}` <@{member_id}> · **{points}** {unit}{details}"
    return f"{MARK} __{line}__" if marked else line


def accuracy_text(accuracy: Accuracy) -> str:
    """``3/4 right · 62% key points covered``: multiple choice right, open answers' key points covered."""
    parts = []
    if accuracy.choice_answers:
        parts.append(f"{accuracy.correct}/{accuracy.choice_answers} right")
    share = accuracy.key_points_share
    if share is not None:
        parts.append(f"{round(100 * share)}% key points covered")
    return " · ".join(parts) or "–"


def board_line(row: BoardRow, *, marked: bool = False) -> str:
    """``#1 @name · 12 pts · 3 answers · 2/2 right · 60% key points covered``."""
    details = f" · {plural(row.answers, 'answer')} · {accuracy_text(row.accuracy)}"
    return standing_line(row.rank, row.member_id, row.points, details, marked=marked, unit="pts")


def board_embed(board: Board, *, caller_id: int, topic_title: str | None) -> discord.Embed:
    """One page of a board, the caller's own row always on it (marked, or added below the page)."""
    embed = discord.Embed(title=f"🏆 Leaderboard · {board.period_label}", colour=BOARD_COLOUR)
    header = []
    if topic_title:
        header.append(f"Topic: **{topic_title}**")
    if board.role_id:
        header.append(f"Role: <@&{board.role_id}> (members who answered with it)")
    if not board.rows:
        who = "Nobody on this board" if header else "Nobody"
        body = [
            f"{who} has points{_EMPTY_WHEN[board.period]} yet. Answer the question of the day to be the first!"
        ]
    else:
        body = [board_line(row, marked=row.member_id == caller_id) for row in board.rows]
        if not any(row.member_id == caller_id for row in board.rows):
            mine = board.viewer_row
            body.append("⋯")
            body.append(
                board_line(mine, marked=True)
                if mine is not None
                else f"{MARK} <@{caller_id}> has no points on this board yet."
            )
    embed.description = truncate(
        "\n".join([*header, *([""] if header else []), *body]), limits.EMBED_DESCRIPTION
    )
    footer = [f"Page {board.page + 1} of {board.pages}", f"{plural(board.total, 'member')}", ORDERING_RULE]
    if board.rows:
        footer.append(f"{MARK} marks who asked.")
    embed.set_footer(text=" · ".join(footer) + "\n" + POINTS_LEGEND)
    return embed


def _whose(member_id: int, is_self: bool) -> tuple[str, str]:
    """How to name the member: ("You", "You have") or ("<@id>", "<@id> has")."""
    return ("You", "You have") if is_self else (f"<@{member_id}>", f"<@{member_id}> has")


def rank_embed(view: MemberRank, *, member_id: int, is_self: bool) -> discord.Embed:
    who, who_has = _whose(member_id, is_self)
    embed = discord.Embed(title=f"Rank · {view.period_label}", colour=ME_COLOUR)
    if view.rank is None:
        embed.description = (
            f"{who_has} no points yet, so no place on the board. "
            f"{plural(view.of, 'member')} {'has' if view.of == 1 else 'have'} points so far."
        )
        return embed
    verb = "are" if is_self else "is"
    lines = [f"{who} {verb} **#{view.rank}** of {view.of} with **{view.points}** points.", ""]
    lines += [standing_line(r.rank, r.member_id, r.points) for r in view.above]
    lines.append(standing_line(view.rank, member_id, view.points, marked=True))
    lines += [standing_line(r.rank, r.member_id, r.points) for r in view.below]
    embed.description = "\n".join(lines)
    embed.set_footer(text=f"{ORDERING_RULE}\n{POINTS_LEGEND}")  # how the points were made, as on the board
    return embed


def streak_embed(view: StreakSummary, *, member_id: int, is_self: bool) -> discord.Embed:
    _, who_has = _whose(member_id, is_self)
    embed = discord.Embed(title="Streak", colour=ME_COLOUR)
    if view.last_date is None:
        embed.description = (
            f"{who_has} not answered a question of the day yet: a streak starts with the first answer."
        )
        return embed
    lines = [
        f"🔥 Current streak: **{plural(view.current, 'day')}**",
        f"🏅 Best streak: **{plural(view.best, 'day')}**",
        f"Last answer: {day_text(view.last_date)}",
    ]
    if view.current == 0 and is_self:
        lines.append("Answer today's question to start a new streak.")
    embed.description = f"{'Your' if is_self else f'<@{member_id}>’s'} daily-answer streak:\n\n" + "\n".join(
        lines
    )
    return embed


def stats_embeds(
    stats: MemberStats, *, member_id: int, is_self: bool, topic_title: Callable[[str], str], charts: bool
) -> list[discord.Embed]:
    """The figures, then accuracy by topic, each with its chart; the text says what the charts show.

    The text stays for screen readers and anyone who can't see images.
    """
    totals = stats.totals
    days = len(stats.points_by_day)
    embed = discord.Embed(title=f"Stats · last {days} days", colour=ME_COLOUR)
    embed.description = f"{'Your' if is_self else f'<@{member_id}>’s'} points and answers."
    rank = f"rank **#{totals.rank}** of {totals.of}" if totals.rank is not None else "not on the board yet"
    embed.add_field(
        name="All time",
        value=f"**{totals.points}** points · {plural(totals.answers, 'answer')} · "
        f"{accuracy_text(totals.accuracy)} · {rank}",
        inline=False,
    )
    scored = [(day, points) for day, points in stats.points_by_day if points]
    best = sorted(scored, key=lambda item: (-item[1], item[0]))[:BEST_DAYS]
    window = f"**{sum(p for _, p in scored)}** points on {len(scored)} of {days} days"
    if best:
        window += "\nBest days: " + ", ".join(f"{day_text(day)} ({points})" for day, points in best)
    embed.add_field(name=f"Last {days} days", value=window, inline=False)
    accuracy = "\n".join(
        f"{topic_title(row.topic)}: {accuracy_text(row.accuracy)}" for row in stats.accuracy_by_topic
    )
    if not accuracy:
        embed.add_field(name="Accuracy by topic", value="No answers yet.", inline=False)
        return [embed]
    by_topic = discord.Embed(
        title="Accuracy by topic",
        description=truncate(accuracy, limits.EMBED_DESCRIPTION),
        colour=ME_COLOUR,
    )
    if charts:
        embed.set_image(url=f"attachment://{POINTS_CHART}")
        by_topic.set_image(url=f"attachment://{TOPICS_CHART}")
    return [embed, by_topic]


def topics_embed(topics: Sequence[Topic], progress: Mapping[str, TopicProgress]) -> discord.Embed:
    """Every topic area of the bank (then any other the server's questions use), with the caller's cards."""
    known = {t.id for t in topics}
    entries = [(f"{t.number}. {t.title}", progress.get(t.id)) for t in topics]
    entries += [(topic, row) for topic, row in progress.items() if topic not in known]
    lines = []
    for title, row in entries:
        questions = row.questions if row else 0
        cards = (
            "no review cards yet"
            if not row or not row.cards
            else f"your cards: {row.cards} ({row.mature} learnt)"
        )
        lines.append(f"**{title}**\n{plural(questions, 'question')} · {cards}")
    embed = discord.Embed(
        title="Topic areas",
        description=truncate("\n".join(lines), limits.EMBED_DESCRIPTION),
        colour=ME_COLOUR,
    )
    embed.set_footer(
        text="Questions: this server's pool (the shared bank plus its own). "
        f"Cards: questions you are reviewing; a card is learnt once its reviews are "
        f"{MATURE_INTERVAL.days}+ days apart."
    )
    return embed
