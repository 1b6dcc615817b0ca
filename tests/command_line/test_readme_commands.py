"""The README's command-line sessions print what the README says they print."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _sessions():
    """(command, expected output) for every ``$ autograd-core …`` line of the README's sh blocks."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S):
        lines = block.splitlines()
        for k, line in enumerate(lines):
            if not line.startswith("$ autograd-core "):
                continue
            output = []
            for following in lines[k + 1:]:
                if following.startswith("$ "):
                    break
                output.append(following)
            found.append((line[2:], "\n".join(output).rstrip()))
    return found


SESSIONS = _sessions()


def test_the_readme_shows_command_line_sessions():
    assert len(SESSIONS) >= 2


@pytest.mark.parametrize("command, expected", SESSIONS, ids=[c for c, _ in SESSIONS])
def test_a_readme_session_prints_what_the_readme_shows(command, expected, tmp_path):
    arguments = shlex.split(command)[1:]
    ran = subprocess.run([sys.executable, "-m", "autograd_core", *arguments], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert ran.stdout.rstrip() == expected
