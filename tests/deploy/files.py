"""Readers for the deployment files, just enough of each format to test them.

- :func:`dockerfile_stages`: instructions of a Dockerfile, by stage.
- :class:`DockerIgnore`: BuildKit's ``.dockerignore`` matching (Go ``filepath.Match``
  plus ``**``, ``!`` exceptions, the last matching pattern wins, a match on a
  parent folder covers everything inside it).
- :func:`parse_unit`: a systemd unit file as ``{section: [(key, value), ...]}``.
- :func:`env_example_keys`: the settings an ``.env.example`` sets or leaves commented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


# --------------------------------------------------------------------------- Dockerfile


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, RUN, COPY, ...
    args: str  # the rest of the (joined) line
    line: int  # 1-based line where it starts


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


def dockerfile_instructions(text: str) -> list[Instruction]:
    """Instructions with backslash continuations joined; comments (also inside continuations) dropped."""
    result: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not pending):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1].strip())
            continue
        pending.append(stripped)
        joined = " ".join(part for part in pending if part)
        pending = []
        keyword, _, args = joined.partition(" ")
        result.append(Instruction(keyword.upper(), args.strip(), start))
    if pending:
        raise ValueError(f"line {start}: continuation never ends")
    return result


def dockerfile_stages(text: str) -> list[Stage]:
    stages: list[Stage] = []
    for instruction in dockerfile_instructions(text):
        if instruction.keyword == "FROM":
            words = [w for w in instruction.args.split() if not w.startswith("--")]
            name = words[2] if len(words) == 3 and words[1].lower() == "as" else None
            stages.append(Stage(image=words[0], name=name))
        elif not stages:
            if instruction.keyword != "ARG":
                raise ValueError(f"line {instruction.line}: {instruction.keyword} before the first FROM")
        else:
            stages[-1].instructions.append(instruction)
    return stages


def split_flags(args: str) -> tuple[dict[str, str], list[str]]:
    """``--from=build a b`` → ({"from": "build"}, ["a", "b"]) (shell-form words only)."""
    flags: dict[str, str] = {}
    words: list[str] = []
    for word in args.split():
        if word.startswith("--") and not words:
            key, _, value = word[2:].partition("=")
            flags[key] = value
        else:
            words.append(word)
    return flags, words


def workdir_at(stage: Stage, instruction: Instruction) -> PurePosixPath:
    current = PurePosixPath("/")
    for i in stage.instructions:
        if i is instruction:
            break
        if i.keyword == "WORKDIR":
            current = current / i.args.strip()
    return current


def copies(stage: Stage) -> list[tuple[list[str], PurePosixPath, bool, Instruction]]:
    """(sources, absolute destination, destination is a folder, instruction) of each COPY from the context."""
    found = []
    for i in stage.all("COPY"):
        flags, words = split_flags(i.args)
        if "from" in flags:
            continue
        *sources, dest = words
        into_folder = dest.endswith("/") or len(sources) > 1
        found.append((sources, workdir_at(stage, i) / dest, into_folder, i))
    return found


def copied_path(stage: Stage, source: str) -> PurePosixPath | None:
    """Where a path of the context (repo-relative) ends up in the image, if some COPY takes it."""
    for sources, dest, into_folder, _ in copies(stage):
        for s in sources:
            s_clean = s.rstrip("/")
            is_dir = (REPO / s_clean).is_dir()
            # A folder's contents go into dest; a file goes to dest, or into it when dest is a folder.
            target = dest / PurePosixPath(s_clean).name if (into_folder and not is_dir) else dest
            if source == s_clean:
                return target
            if is_dir and source.startswith(s_clean + "/"):
                return target / source[len(s_clean) + 1 :]
    return None


# --------------------------------------------------------------------------- .dockerignore


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
                out.append("(?:.*/)?")
            else:
                out.append(".*")
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.index("]", i + 1)
            out.append("[" + pattern[i + 1 : end] + "]")  # Go negates a class with ^, as re does
            i = end
        elif c == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


class DockerIgnore:
    def __init__(self, text: str) -> None:
        self.rules: list[tuple[bool, re.Pattern[str]]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or raw.startswith("#"):
                continue
            exception = line.startswith("!")
            pattern = line[1:].strip() if exception else line
            pattern = pattern.strip("/")
            pattern = re.sub(r"/+", "/", pattern)
            if pattern.startswith("./"):
                pattern = pattern[2:]
            self.rules.append((exception, _glob_regex(pattern)))

    def excluded(self, path: str) -> bool:
        """Whether ``path`` (relative to the context, ``/``-separated) is left out of the build context."""
        parts = path.strip("/").split("/")
        candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        result = False
        for exception, regex in self.rules:
            if any(regex.match(candidate) for candidate in candidates):
                result = not exception
        return result

    def included_files(self, root: Path, under: Path) -> list[Path]:
        """The files below ``under`` (inside ``root``) that reach the build context."""
        if under.is_file():
            return [] if self.excluded(under.relative_to(root).as_posix()) else [under]
        return sorted(
            p for p in under.rglob("*") if p.is_file() and not self.excluded(p.relative_to(root).as_posix())
        )


# --------------------------------------------------------------------------- systemd units


Unit = dict[str, list[tuple[str, str]]]


def parse_unit(text: str) -> Unit:
    """A unit file in systemd's syntax: sections, repeated keys kept in order, ``\\`` continuations."""
    unit: Unit = {}
    section: str | None = None
    pending = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not pending and (not line or line[0] in "#;"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section in unit:
                raise ValueError(f"line {number}: section [{section}] twice")
            unit[section] = []
            continue
        if section is None:
            raise ValueError(f"line {number}: setting outside a section")
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", key.strip()):
            raise ValueError(f"line {number}: not KEY=value: {raw!r}")
        unit[section].append((key.strip(), value.strip()))
    if pending:
        raise ValueError("the file ends inside a continuation")
    return unit


def values(unit: Unit, section: str, key: str) -> list[str]:
    return [v for k, v in unit.get(section, []) if k == key]


def value(unit: Unit, section: str, key: str) -> str:
    found = values(unit, section, key)
    assert len(found) == 1, f"[{section}] {key}= expected once, found {found}"
    return found[0]


# --------------------------------------------------------------------------- .env.example

SETTING_LINE = re.compile(r"^(?P<commented>#)?(?P<key>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


@dataclass(frozen=True)
class EnvLine:
    key: str
    value: str
    commented: bool
    index: int  # 0-based line index


def env_example_lines(text: str) -> list[EnvLine]:
    """Settings lines: ``KEY=value`` (set) and ``#KEY=value`` (left at the default)."""
    found = []
    for index, line in enumerate(text.splitlines()):
        match = SETTING_LINE.match(line)
        if match:
            found.append(EnvLine(match["key"], match["value"], bool(match["commented"]), index))
    return found


def env_example_keys(text: str) -> set[str]:
    return {line.key for line in env_example_lines(text)}


def interpolated_names(strings: Iterable[str]) -> set[str]:
    """Variables a compose file interpolates: ``${NAME}``, ``${NAME:?msg}``, ``${NAME:-default}``, ``$NAME``."""
    names: set[str] = set()
    for s in strings:
        names.update(re.findall(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)", s))
        names.update(re.findall(r"(?<!\$)\$([A-Za-z_][A-Za-z0-9_]*)", s))
    return names
