"""The systemd units in deploy/ call commands that exist (a renamed command would fail at night)."""

import re
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
FLASK_CALL = re.compile(r"^ExecStart=\S*/flask (.+)$", re.MULTILINE)


def _flask_calls() -> list[str]:
    calls = []
    for unit in sorted(DEPLOY.glob("*.service")):
        calls += FLASK_CALL.findall(unit.read_text())
    return calls


def test_units_schedule_both_purges():
    purge = (DEPLOY / "moisess-purge.service").read_text()
    assert "flask vote-purge" in purge and "flask links-purge" in purge
    assert "OnCalendar=" in (DEPLOY / "moisess-purge.timer").read_text()


@pytest.mark.parametrize("call", _flask_calls())
def test_every_flask_command_of_the_units_exists(app, call):
    result = app.test_cli_runner().invoke(args=[*call.split()[:2], "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
