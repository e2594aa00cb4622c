"""Rules of the code's shape that import-linter cannot state (see docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"
MAX_LINES = 400


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_no_module_under_bot_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(BOT.parent)): n
        for path in _modules(BOT)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these modules (at most {MAX_LINES} lines): {long}"


def test_the_discord_layer_imports_no_private_name_of_the_services() -> None:
    found = []
    for path in _modules(BOT / "exts"):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot.services"):
                found += [
                    f"{path.relative_to(BOT.parent)}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") or any(p.startswith("_") for p in node.module.split("."))
                ]
    assert found == []


def _bot_attribute_writes(tree: ast.Module) -> list[str]:
    """``<x>.bot.<name> = ...`` or ``bot.<name> = ...``: a cog leaving something on the bot for others."""
    writes = []
    for node in ast.walk(tree):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign | ast.AugAssign)
            else []
        )
        for target in targets:
            if not isinstance(target, ast.Attribute):
                continue
            owner = target.value
            if (isinstance(owner, ast.Attribute) and owner.attr in {"bot", "_bot", "client"}) or (
                isinstance(owner, ast.Name) and owner.id == "bot"
            ):
                writes.append(f"line {target.lineno}: .{target.attr}")
    return writes


@pytest.mark.parametrize("path", _modules(BOT / "exts"), ids=lambda p: str(p.relative_to(BOT)))
def test_no_cog_writes_attributes_onto_the_bot(path: Path) -> None:
    assert _bot_attribute_writes(_tree(path)) == []


def test_the_attribute_rule_sees_a_cog_writing_onto_the_bot() -> None:
    tree = ast.parse("class C:\n    def f(self):\n        self.bot.wake_now = self.g\n        bot.last = 1\n")
    assert _bot_attribute_writes(tree) == ["line 3: .wake_now", "line 4: .last"]
