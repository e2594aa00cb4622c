"""Finding code that a plain-text document did not fence, and naming its language.

Plain-text sources (numbered Q&A notes, scraped answer cards, PDF extractions)
carry JavaScript, SQL, JSON, shell commands and HTTP snippets as ordinary
lines. A line starts a code block only on a strong signal (a statement shape,
``;`` or ``{`` at the end, ``=>``, ``require(``...); once a block is open,
weaker signals (indentation, ``.then()`` chains, ``key: value`` pairs) keep it
going, and blank lines are bridged when code follows them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_JS_STATEMENT = re.compile(
    r"""^(?:
        (?:const|let|var)\s+[\w$\[{]
      | (?:export\s+)?(?:async\s+)?function\b\s*+(?:\*\s*+)?[\w$]*+\s*+\(
      | return\b.*[;{(,]$
      | import\s+(?:[\w$*{].*\sfrom\s+['"]|['"])
      | export\s+(?:default|const|let|class|function|async|interface|type|\{)
      | else\b\s*(?:\{|if\b)
      | (?:for|while|switch)\s*\(
      | try\s*\{
      | \}\s*(?:catch|finally|else)\b
      | class\s+[A-Z][\w$]*.*\{
      | module\.exports\b
      | exports\.[\w$]+\s*=
      | new\s+[A-Z][\w$]*\(
      | await\s+[\w$.]+\(
      | @[A-Z][\w$]*(?:\(|$)
    )""",
    re.X,
)
# `if (...)` is checked in Python (_is_if_statement): as one more alternative above, the inner
# `.*` of `if\s*\(.*\)\s*(?:\{|return\b.*;|[\w$.]+\(.*\);)?$` ran from every ")" (quadratic).
_IF_OPEN = re.compile(r"if\s*\(")
_IF_RETURN = re.compile(r"\)\s*+return\b")
_IF_CALL = re.compile(r"\)\s*+[\w$.]++\(")
_SQL_START = re.compile(
    r"^(?:SELECT\s+\S|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(?:UNIQUE\s+)?(?:INDEX|TABLE|VIEW)\b"
    r"|ALTER\s+TABLE\s|DROP\s+(?:TABLE|INDEX)\s|WITH\s+\w+\s+AS\s*\()"
)
_SQL_CONTINUATION = frozenset(
    {
        "FROM",
        "WHERE",
        "AND",
        "OR",
        "LEFT",
        "RIGHT",
        "INNER",
        "OUTER",
        "JOIN",
        "ON",
        "ORDER",
        "GROUP",
        "HAVING",
        "LIMIT",
        "OFFSET",
        "VALUES",
        "SET",
        "RETURNING",
        "UNION",
    }
)
_SHELL = re.compile(
    r"^(?:\$\s+)?(?:npm|npx|yarn|pnpm|node|deno|bun|pip|pip3|python3?|docker|kubectl|git|curl|brew|apt-get|apt|redis-cli)"
    r"\s+[-\w./@:=]+(?:\s+[-\w./@:=\"'<>*]+)*$"
)
_HTML_TAG = re.compile(r"^</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")
_HTTP_REQUEST = re.compile(r"^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+/\S*(?:\s+HTTP/\d(?:\.\d)?)?$")
_HTTP_HEADER = re.compile(
    r"^(?:Accept|Authorization|Cookie|Set-Cookie|Content-Type|Content-Length|Cache-Control|Origin|Referer|Host"
    r"|User-Agent|Idempotency-Key|X-[\w-]+):\s+\S+(?:\s+\S+){0,2}$"
)
_TREE = re.compile(r"[├└│┌┐┘┬┴┼]")
_PATH = re.compile(r"^/[\w\-./:?=&{}%*+~]+$")
_BARE_CALL = re.compile(r"^[A-Za-z_$][\w$]*\(.*\)\s*;")
_TRAILING_COMMENT = re.compile(r"[;)}\]]\s*//")
_CALL = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+\(.*\)\s*;?$")
_ASSIGN = re.compile(
    r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]]*\])*\s*=\s*"
    r"(?:[\"'`\[{]|\d|new\s|null\b|true\b|false\b|undefined\b|await\s|[\w$.]+\()"
)
_PROPERTY = re.compile(r"^[a-z_$][\w$]*\s*:\s*(?:\{.*\}\s*,?|\S+\s*,|\S+\s+//.*|\[.*\]\s*,?|\{)$")
_JSON_PAIR = re.compile(r"^\"[^\"]+\"\s*:\s*\S")
_BULLET = re.compile(r"^\s*(?:[-*+•●▪◦]|[0-9]{1,3}[.)])\s+\S")
_LABEL = re.compile(r"^[A-Z][^:]{0,60}:$")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
_WORD = re.compile(r"[A-Za-z][a-z']+")
_CODE_PUNCTUATION = re.compile(r"[;{}=<>\[\]()]")


def looks_like_prose(text: str) -> bool:
    """Mostly words: at least eight, and at most one code character for four words (quotes removed)."""
    bare = _QUOTED.sub("", text)
    words = len(_WORD.findall(bare))
    return words >= 8 and len(_CODE_PUNCTUATION.findall(bare)) * 4 <= words


def _is_table_row(text: str) -> bool:
    return text.startswith("|") and text.endswith("|") and text.count("|") >= 2


def is_code_line(raw: str) -> bool:
    """A strong signal that this line is code, on its own."""
    s = raw.strip()
    if not s:
        return False
    if _BULLET.match(s):
        # A bullet is prose unless what follows the marker opens a block of code.
        body = re.sub(r"^(?:[-*+•●▪◦]|[0-9]{1,3}[.)])\s+", "", s)
        return "=>" in body and body.endswith(("{", "(")) and is_code_line(body)
    if s.startswith(("//", "/*", "*/")) or s[0] in "})]":
        return True
    if _is_table_row(s) or looks_like_prose(s):
        return False
    if s in {"{", "["} or "=>" in s or "console." in s or "require(" in s:
        return True
    if s.endswith((";", "{")) or _TRAILING_COMMENT.search(s):
        return True
    return any(
        pattern.match(s)
        for pattern in (
            _JS_STATEMENT,
            _SQL_START,
            _SHELL,
            _HTML_TAG,
            _HTTP_REQUEST,
            _HTTP_HEADER,
            _PATH,
            _CALL,
            _BARE_CALL,
            _ASSIGN,
            _PROPERTY,
            _JSON_PAIR,
        )
    ) or bool(_TREE.search(s) or _is_if_statement(s))


def _is_if_statement(s: str) -> bool:
    """``if (...)`` alone, before ``{``, or with a one-line ``return ...;`` or call after it."""
    m = _IF_OPEN.match(s)
    if m is None:
        return False
    tail = s[m.end() :]
    if tail.rstrip().endswith(")") or (tail.endswith("{") and tail[:-1].rstrip().endswith(")")):
        return True
    return (tail.endswith(";") and bool(_IF_RETURN.search(tail[:-1]))) or (
        tail.endswith(");") and bool(_IF_CALL.search(tail[:-2]))
    )


def continues_code(raw: str, block: Sequence[str]) -> bool:
    """Whether a line keeps an open code block going (weaker than :func:`is_code_line`)."""
    s = raw.strip()
    if not s:
        return False
    if is_code_line(raw):
        return True
    if _BULLET.match(s) or _LABEL.match(s) or looks_like_prose(s) or _is_table_row(s):
        return False
    if raw[:1].isspace():
        return True
    if s.startswith(".") and len(s) > 1 and s[1].isalpha():
        return True
    first = s.split()[0]
    if first in _SQL_CONTINUATION and _SQL_START.match(next((b.strip() for b in block if b.strip()), "")):
        return True
    if s.endswith(",") and len(s.split()) <= 3:
        return True
    if re.match(r"^[a-z_$][\w$]*\s*:\s*\S", s) and len(_WORD.findall(_QUOTED.sub("", s))) <= 6:
        return True
    return bool(_HTTP_HEADER.match(s))


@dataclass(frozen=True, slots=True)
class CodeRun:
    """Lines ``start`` to ``end`` (exclusive) of a list of lines are one block of code."""

    start: int
    end: int
    language: str


def find_code_runs(lines: Sequence[str]) -> list[CodeRun]:
    """Blocks of unfenced code in plain-text lines (lines inside ``` fences are left alone)."""
    runs: list[CodeRun] = []
    i, n = 0, len(lines)
    in_fence = False
    while i < n:
        if lines[i].strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            i += 1
            continue
        if in_fence:
            i += 1
            continue
        if (i == 0 or not lines[i - 1].strip()) and (end := _diagram_end(lines, i)):
            runs.append(CodeRun(i, end, ""))
            i = end
            continue
        if not is_code_line(lines[i]):
            i += 1
            continue
        start, end = i, i + 1
        while end < n:
            if lines[end].strip().startswith(("```", "~~~")):
                break
            # The block's first line is all continues_code reads of it (its first non-blank line);
            # slicing the whole block at every line made a long block quadratic.
            if continues_code(lines[end], lines[start : start + 1]):
                end += 1
                continue
            if not lines[end].strip():
                # Bridge blank lines when the code goes on after them.
                after = end
                while after < n and not lines[after].strip():
                    after += 1
                if after < n and (is_code_line(lines[after]) or _indented_code(lines[after])):
                    end = after + 1
                    continue
            break
        runs.append(CodeRun(start, end, guess_language(lines[start:end])))
        i = end
    return runs


_ARROW_LINE = re.compile(r"^(?:[↓↑⬇⬆|│]+|[|│]\s+\S.*)$")


def _diagram_end(lines: Sequence[str], start: int) -> int:
    """End of a paragraph drawn with arrow lines (``↓``, ``| creates worker``), or 0 when it is not one.

    Such diagrams depend on their layout, so they are fenced like code.
    """
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    paragraph = [line.strip() for line in lines[start:end]]
    arrows = sum(1 for line in paragraph if _ARROW_LINE.match(line) and not _is_table_row(line))
    if end - start >= 3 and arrows >= 2 and not any(_BULLET.match(line) for line in paragraph):
        return end
    return 0


def _indented_code(raw: str) -> bool:
    return raw[:1].isspace() and not _BULLET.match(raw.strip()) and not looks_like_prose(raw)


_TS_SIGNAL = re.compile(
    r"^\s*@[A-Z]\w*\(|\b(?:private|public|readonly)\s+\w+\s*:|\binterface\s+[A-Z]|:\s*(?:string|number|boolean)\b"
)
_JS_SIGNAL = re.compile(
    r"\b(?:const|let|var|function|require|console|async|await|module\.exports|import|export|return)\b|=>|;\s*$"
)


def guess_language(lines: Sequence[str]) -> str:
    """A fence language when the code makes it evident, else ""."""
    body = [line.strip() for line in lines if line.strip()]
    if not body:
        return ""
    first = body[0]
    if _SQL_START.match(first):
        return "sql"
    if all(_SHELL.match(line) for line in body):
        return "bash"
    if _HTML_TAG.match(first):
        return "html"
    if _HTTP_REQUEST.match(first) or _HTTP_HEADER.match(first):
        return "http"
    if first in {"{", "["} and all(
        line in {"{", "}", "[", "]", "},", "],"} or _JSON_PAIR.match(line) for line in body
    ):
        return "json"
    if any(_TS_SIGNAL.search(line) for line in body):
        return "ts"
    if any(_JS_SIGNAL.search(line) for line in body):
        return "js"
    return ""
