"""Templates stay readable in a diff: no line longer than MAX_LINE characters (issue 11).

Python code is checked by ruff, run by `make test` before pytest (settings in ruff.toml);
templates are not Python, so their line length is checked here. A long template line is
wrapped where Jinja renders the same output: inside a tag ({{ … }} / {% … %}), or before a
tag glued to the text, written "{%-" / "{{-" so the added line break is stripped.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MAX_LINE = 160


def test_no_template_line_is_longer_than_the_limit():
    files = sorted(p for p in TEMPLATES.rglob("*") if p.is_file() and p.suffix in {".html", ".txt"})
    assert files, "no template found"
    too_long = [
        f"{path.relative_to(TEMPLATES)}:{number} ({len(line)} characters)"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > MAX_LINE
    ]
    assert too_long == []
