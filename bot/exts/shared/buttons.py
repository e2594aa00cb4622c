"""One way to make a component that survives a restart: its custom id is declared once.

A :class:`CustomId` names a prefix and typed fields. From it come both the regular
expression discord.py matches a pressed component's id against (``template``) and the
id a new component carries (``format``), so the two cannot drift apart, and an id read
back gives the same typed values (``parse``). A :class:`StatefulItem` subclass passes its
``CustomId`` as a class keyword (``custom_id=``) and declares the same fields as
annotations; it becomes a dataclass, builds its component with the formatted id, and is
rebuilt from a pressed id by the base (``from_custom_id`` is written here only). Forms
routed by ``FormRouter`` use ``CustomId`` for their ids too.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, ClassVar, Generic, Self, TypeVar, dataclass_transform

import discord

from bot.domain import limits

T = TypeVar("T")
E = TypeVar("E", bound=Enum)
ItemT = TypeVar("ItemT", bound="discord.ui.Item[discord.ui.View]")

SEPARATOR = ":"
NEVER = r"(?!)"  # the template of an abstract base: it matches no id


class Direction(StrEnum):
    """Which way a paging button turns."""

    PREV = "prev"
    NEXT = "next"


@dataclass(frozen=True, slots=True)
class Part(Generic[T]):
    """How one field is written in a custom id: its pattern, and the conversions both ways.

    ``optional``: the field and its separator are left out when the value is None.
    """

    pattern: str
    read: Callable[[str], T]
    show: Callable[[T], str]
    optional: bool = False

    def __post_init__(self) -> None:
        if re.compile(self.pattern).groups:
            raise ValueError(f"a part's pattern has no capturing groups of its own: {self.pattern!r}")


def text(pattern: str) -> Part[str]:
    """A field kept as the text ``pattern`` matched."""
    return Part(pattern, str, str)


def number(pattern: str = r"[0-9]+") -> Part[int]:
    """A whole number in decimal."""
    return Part(pattern, int, str)


def one_of(kind: type[E]) -> Part[E]:
    """A member of an enum, written as its value."""
    members = {str(member.value): member for member in kind}
    return Part("|".join(map(re.escape, members)), members.__getitem__, lambda member: str(member.value))


def flag(yes: str, no: str) -> Part[bool]:
    """A yes/no field written as one of two words."""
    return Part(f"{re.escape(yes)}|{re.escape(no)}", lambda word: word == yes, lambda on: yes if on else no)


def paging(prev: str = "prev", following: str = "next", *, optional: bool = False) -> Part[Direction]:
    """A paging button's ``direction``, spelled ``prev``/``next`` unless an older id spells it otherwise.

    ``optional``: the button that opens the pages carries no direction (the field is None).
    """
    words = {prev: Direction.PREV, following: Direction.NEXT}
    spelled = {direction: word for word, direction in words.items()}
    return Part("|".join(map(re.escape, words)), words.__getitem__, spelled.__getitem__, optional=optional)


INT = number()


def _part(spec: Part[Any] | type[int] | str) -> Part[Any]:
    if isinstance(spec, Part):
        return spec
    if spec is int:
        return INT
    if isinstance(spec, str):
        return text(spec)
    raise TypeError(f"a field is a Part, int or a pattern, not {spec!r}")


class CustomId:
    """A custom id format: ``prefix`` then each field, separated by ``:``.

    ``CustomId("qotd:choice", post_id=int, key=r"[A-J]")`` matches and makes
    ``qotd:choice:1:B``; the regex groups are named after the fields.
    """

    def __init__(self, prefix: str, /, **fields: Part[Any] | type[int] | str) -> None:
        self.prefix = prefix
        self.parts: dict[str, Part[Any]] = {name: _part(spec) for name, spec in fields.items()}
        pattern = re.escape(prefix)
        for name, part in self.parts.items():
            group = f"{SEPARATOR}(?P<{name}>{part.pattern})"
            pattern += f"(?:{group})?" if part.optional else group
        self.template = pattern
        self._compiled = re.compile(pattern)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.parts)

    def format(self, **values: Any) -> str:
        """The id for these field values (every field named; an optional one may be None)."""
        if set(values) != set(self.parts):
            raise TypeError(f"{self.prefix}: expected fields {self.names}, got {tuple(values)}")
        out = self.prefix
        for name, part in self.parts.items():
            value = values[name]
            if value is None and part.optional:
                continue
            out += SEPARATOR + part.show(value)
        if len(out) > limits.CUSTOM_ID or self._compiled.fullmatch(out) is None:
            raise ValueError(f"custom id {out!r} does not fit its own format {self.template!r}")
        return out

    def parse(self, match: re.Match[str]) -> dict[str, Any]:
        """The typed field values of an id ``template`` matched."""
        found = match.groupdict()
        return {
            name: None if found[name] is None else part.read(found[name]) for name, part in self.parts.items()
        }

    def read(self, custom_id: str) -> dict[str, Any] | None:
        """The field values of ``custom_id``, or None when it is not of this format."""
        match = self._compiled.fullmatch(custom_id)
        return None if match is None else self.parse(match)

    def __repr__(self) -> str:
        return f"CustomId({self.template!r})"


@dataclass_transform(eq_default=False)
class StatefulItem(discord.ui.DynamicItem[ItemT], template=NEVER):
    """A component whose whole state lives in its custom id, so it works after a restart.

    Subclasses pass ``custom_id=CustomId(...)`` as a class keyword, annotate the same fields
    (plus, with defaults, any looks a pressed component does not need) and implement
    ``make(custom_id)`` to build the component. They are dataclasses: construct them with
    their fields; a pressed id is parsed back into the same fields.
    """

    id_format: ClassVar[CustomId | None] = None

    def __init_subclass__(cls, *, custom_id: CustomId | None = None, **kwargs: Any) -> None:
        if custom_id is not None:
            cls.id_format = custom_id
        spec = cls.id_format
        super().__init_subclass__(template=spec.template if spec else NEVER, **kwargs)
        if spec is None:
            return  # an abstract base such as StatefulButton
        dataclass(eq=False, repr=False, match_args=False)(cls)
        declared = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        if missing := set(spec.names) - set(declared):
            raise TypeError(f"{cls.__name__} lacks the fields of its custom id: {sorted(missing)}")
        for name, field in declared.items():
            if hasattr(discord.ui.DynamicItem, name):
                raise TypeError(f"{cls.__name__}.{name} would hide the component's own attribute")
            no_default = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
            if name not in spec.parts and no_default:
                raise TypeError(f"{cls.__name__}.{name} is not in the custom id, so it needs a default")

    def __post_init__(self) -> None:
        super().__init__(self.make(self.format_id()))

    def format_id(self) -> str:
        spec = self._spec()
        return spec.format(**{name: getattr(self, name) for name in spec.names})

    @classmethod
    def _spec(cls) -> CustomId:
        if cls.id_format is None:
            raise TypeError(f"{cls.__name__} declares no custom id")
        return cls.id_format

    def make(self, custom_id: str) -> ItemT:
        """The component this item wraps, carrying ``custom_id``."""
        raise NotImplementedError

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(**cls._spec().parse(match))


Button = discord.ui.Button[discord.ui.View]


class StatefulButton(StatefulItem[Button]):
    """A button: set ``label``, ``style`` and ``emoji`` on the class, or override ``make``."""

    label: ClassVar[str] = ""
    style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary
    emoji: ClassVar[str | None] = None

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(label=self.label, style=self.style, emoji=self.emoji, custom_id=custom_id)


DynamicItems = tuple[type[StatefulItem[Any]], ...]
"""What an extension registers with ``add_dynamic_items``."""

FormFields = Mapping[str, Any]
"""A routed form's custom id fields, as its ``CustomId`` parsed them."""
