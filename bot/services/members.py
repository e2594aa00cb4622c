"""Who is acting: the member data that arrives with every interaction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MemberRef:
    """A member of a server, with the role ids Discord sent along with their interaction.

    Services record the roles as a side effect of any call that takes a
    ``MemberRef``, so role leaderboards need no privileged member intent.
    """

    guild_id: int
    member_id: int
    role_ids: tuple[int, ...] = ()
