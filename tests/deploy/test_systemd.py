"""deploy/qotd-bot.service and deploy/qotd-bot@.service: syntax, command, restarts, hardening.

Parsed here in systemd's syntax; also checked by `systemd-analyze verify` when the
machine has it (paths rewritten to a temporary tree holding a stand-in `qotd`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.files import DEPLOY, Unit, parse_unit, value, values

SINGLE = DEPLOY / "qotd-bot.service"
TEMPLATE = DEPLOY / "qotd-bot@.service"
ROOT = "/opt/qotd-bot"
QOTD = f"{ROOT}/.venv/bin/qotd"
DATA = f"{ROOT}/data"

HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "ProtectKernelTunables": "yes",
    "ProtectKernelModules": "yes",
    "ProtectControlGroups": "yes",
    "RestrictSUIDSGID": "yes",
    "RestrictNamespaces": "yes",
    "LockPersonality": "yes",
    "CapabilityBoundingSet": "",
}

# Keys newer than some systemd still in use (254+): older versions warn and ignore them.
NEWER_KEYS = {"RestartSteps": 254, "RestartMaxDelaySec": 254}


@pytest.fixture(scope="module", params=[SINGLE, TEMPLATE], ids=["single", "template"])
def unit(request: pytest.FixtureRequest) -> Unit:
    path: Path = request.param
    return parse_unit(path.read_text(encoding="utf-8"))


def test_sections(unit: Unit) -> None:
    assert list(unit) == ["Unit", "Service", "Install"]
    assert value(unit, "Install", "WantedBy") == "multi-user.target"
    assert "network-online.target" in value(unit, "Unit", "After")
    assert "network-online.target" in value(unit, "Unit", "Wants")


def test_runs_as_a_dedicated_user_with_an_environment_file(unit: Unit) -> None:
    assert value(unit, "Service", "User") == "qotd"
    assert value(unit, "Service", "Group") == "qotd"
    assert value(unit, "Service", "WorkingDirectory") == ROOT
    env_file = value(unit, "Service", "EnvironmentFile")
    assert env_file.startswith("/etc/"), "a missing settings file is an error (no leading '-')"
    for line in values(unit, "Service", "Environment"):
        assert not re.search("TOKEN|PASSWORD|SECRET", line), "secrets belong in the EnvironmentFile"


def test_restarts_on_failure_with_backoff(unit: Unit) -> None:
    assert value(unit, "Service", "Restart") == "on-failure"
    assert value(unit, "Service", "RestartSec")
    assert value(unit, "Service", "RestartSteps").isdigit()
    assert value(unit, "Service", "RestartMaxDelaySec")
    assert int(value(unit, "Unit", "StartLimitBurst")) > 1
    assert value(unit, "Service", "RestartPreventExitStatus") == "2", "a configuration error is not retried"


def test_hardening(unit: Unit) -> None:
    for key, expected in HARDENING.items():
        assert value(unit, "Service", key) == expected, key
    assert values(unit, "Service", "ReadWritePaths") == [DATA], "only the data folder is writable"
    families = value(unit, "Service", "RestrictAddressFamilies").split()
    assert set(families) == {"AF_UNIX", "AF_INET", "AF_INET6"}
    assert "@system-service" in values(unit, "Service", "SystemCallFilter")


def test_single_unit_runs_the_bot_with_prepare() -> None:
    unit = parse_unit(SINGLE.read_text(encoding="utf-8"))
    assert value(unit, "Service", "ExecStart") == f"{QOTD} run --prepare"


def test_template_instance_is_the_shard_id() -> None:
    unit = parse_unit(TEMPLATE.read_text(encoding="utf-8"))
    start = value(unit, "Service", "ExecStart")
    assert start.endswith(f"{QOTD} run --prepare")
    assignments = dict(re.findall(r"\b([A-Z_]+)=(\S+)", start))
    assert assignments["SHARD_IDS"] == "%i"
    assert "%i" in assignments["HEALTH_FILE"]
    assert assignments["HEALTH_FILE"].startswith(DATA + "/")
    assert "%i" in value(unit, "Unit", "Description")
    assert value(unit, "Unit", "Conflicts") == "qotd-bot.service", "never together with the all-shards unit"
    pre = value(unit, "Service", "ExecStartPre")
    assert pre.startswith("/usr/bin/flock "), "instances migrate in turn"
    assert pre.endswith(f"{QOTD} db upgrade")
    assert DATA in pre.split()[1], "the lock file is in the writable data folder"


def _systemd_version(analyze: str) -> int:
    out = subprocess.run([analyze, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"systemd (\d+)", out)
    assert match, out
    return int(match.group(1))


def verify_problems(analyze: str, text: str, name: str, tmp_path: Path) -> list[str]:
    """What `systemd-analyze verify` says about unit ``name`` with content ``text`` (paths made real)."""
    root = tmp_path / "opt"
    (root / ".venv/bin").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    fake = root / ".venv/bin/qotd"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    units = tmp_path / "units"
    units.mkdir(exist_ok=True)
    (units / name).write_text(text.replace(ROOT, str(root)), encoding="utf-8")
    proc = subprocess.run(
        [analyze, "verify", "--man=no", str(units / name)], capture_output=True, text=True, timeout=60
    )
    version = _systemd_version(analyze)
    tolerated = [
        f"Unknown key '{key}' in section [Service]" for key, since in NEWER_KEYS.items() if version < since
    ]
    about_ours = [
        line
        for line in (proc.stdout + proc.stderr).splitlines()
        if str(units) in line or str(root) in line or line.startswith(name.split("@")[0])
    ]
    problems = [line for line in about_ours if not any(t in line for t in tolerated)]
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}: {proc.stderr.strip()}")
    return problems


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize(("source", "name"), [(SINGLE, "qotd-bot.service"), (TEMPLATE, "qotd-bot@0.service")])
def test_systemd_analyze_verify(tmp_path: Path, source: Path, name: str) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze is not None
    assert verify_problems(analyze, source.read_text(encoding="utf-8"), name, tmp_path) == []


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_would_catch_a_typo(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze is not None
    broken = SINGLE.read_text(encoding="utf-8").replace("ProtectSystem=strict", "ProtectSystm=strict")
    problems = verify_problems(analyze, broken, "qotd-bot.service", tmp_path)
    assert any("ProtectSystm" in line for line in problems), problems
