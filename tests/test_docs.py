"""The documentation runs: every ```python block in README.md and docs/*.md, and the
generated tables in docs/triage.md match the bundled data.

Blocks of one file run in order in one shared namespace; a block opened with
```python no-run is shown but not run. Only python blocks run here (```console and
```bash examples of the ``runpelvis`` command are tested with the CLI).

Regenerate the tables after changing the data::

    python tests/test_docs.py --write
"""

from __future__ import annotations

import linecache
import re
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

import runpelvis as rp

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TRIAGE_DOC = ROOT / "docs" / "triage.md"

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


class Block(NamedTuple):
    language: str
    flags: tuple[str, ...]
    line: int  # of the first line of code, 1-based
    code: str

    @property
    def runs(self) -> bool:
        return self.language == "python" and "no-run" not in self.flags


def code_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, in order."""
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if opening is None:
            continue
        fence = opening["fence"]
        words = opening["info"].split()
        start = index
        while index < len(lines) and not (
            lines[index].strip().startswith(fence[0] * len(fence))
            and not lines[index].strip().strip(fence[0])
        ):
            index += 1
        code = "\n".join(lines[start:index]) + "\n"
        index += 1  # the closing fence
        language = words[0].lower() if words else ""
        blocks.append(Block(language, tuple(words[1:]), start + 1, code))
    return blocks


def run_blocks(path: Path) -> int:
    """Run the python blocks of ``path`` in one namespace; return how many ran."""
    namespace: dict[str, object] = {"__name__": f"docs:{path.name}"}
    ran = 0
    for block in code_blocks(path.read_text(encoding="utf-8")):
        if not block.runs:
            continue
        # Tracebacks point at the Markdown file and line, and show the code.
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        filename = f"{shown}:{block.line}"
        source = "\n" * (block.line - 1) + block.code
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), namespace)
        ran += 1
    return ran


@pytest.mark.parametrize("path", DOCS, ids=[str(path.relative_to(ROOT)) for path in DOCS])
def test_python_blocks_run(path: Path) -> None:
    run_blocks(path)


def test_the_triage_guide_has_examples_that_run() -> None:
    assert run_blocks(TRIAGE_DOC) >= 5


def test_code_blocks_are_found_and_filtered() -> None:
    text = "\n".join(
        [
            "# Title",
            "```python",
            "x = 1",
            "```",
            "",
            "```python no-run",
            "raise SystemExit",
            "```",
            "",
            "```console",
            "$ runpelvis triage --json < request.json",
            "```",
            "",
            "````markdown",
            "```python",
            "nested = True",
            "```",
            "````",
            "~~~bash",
            "$ runpelvis session --json",
            "~~~",
            "```Python",
            "y = x + 1",
            "```",
        ]
    )
    blocks = code_blocks(text)
    assert [(b.language, b.flags, b.line) for b in blocks] == [
        ("python", (), 3),
        ("python", ("no-run",), 7),
        ("console", (), 11),
        ("markdown", (), 15),
        ("bash", (), 20),
        ("python", (), 23),
    ]
    assert [b.code for b in blocks if b.runs] == ["x = 1\n", "y = x + 1\n"]
    assert blocks[3].code == "```python\nnested = True\n```\n"


def test_a_failing_block_fails_with_its_place(tmp_path: Path) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text("intro\n\n```python\nvalue = 1\n```\n\n```python\nassert value == 2\n```\n")
    with pytest.raises(AssertionError) as caught:
        run_blocks(doc)
    assert str(caught.traceback[-1].path) == f"{doc}:8"
    # a skipped block is not run, and the namespace is shared in order
    doc.write_text(
        "```python no-run\nraise SystemExit\n```\n```python\nx = 2\n```\n"
        "```python\nassert x == 2\n```\n"
    )
    assert run_blocks(doc) == 2


# -- generated tables -----------------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _all(ids: frozenset[str], prefix: str = "") -> list[str]:
    return [" + ".join(f"{prefix}`{item}`" for item in sorted(ids))] if ids else []


def _one_of(ids: frozenset[str], prefix: str = "") -> list[str]:
    if not ids:
        return []
    listed = " or ".join(f"`{item}`" for item in sorted(ids))
    return [f"{prefix}{listed}" if len(ids) == 1 else f"{prefix}({listed})"]


def _when(condition: rp.Condition) -> str:
    parts = [
        *_all(condition.risk_factors, "risk "),
        *_one_of(condition.any_risk_factors, "risk "),
        *_all(condition.symptoms),
        *_one_of(condition.any_symptoms),
    ]
    if condition.age_at_least is not None:
        parts.append(f"`age` >= {condition.age_at_least}")
    if condition.age_below is not None:
        parts.append(f"`age` < {condition.age_below}")
    if condition.pain_at_least is not None:
        parts.append(f"`pain` >= {condition.pain_at_least}")
    if condition.days_at_least is not None:
        parts.append(f"`days_since_onset` >= {condition.days_at_least}")
    if condition.any_complaint:
        parts.append("any complaint (`pain` >= 1 or any symptom)")
    if condition.any_symptom_except is not None:
        others = ", ".join(f"`{item}`" for item in sorted(condition.any_symptom_except))
        parts.append(f"any symptom other than {others}" if others else "any symptom")
    return " and ".join(parts)


def render_rule_table(catalog: rp.Catalog | None = None) -> str:
    """Every triage rule of the catalog as a Markdown table, most urgent first."""
    catalog = catalog or rp.default_catalog()
    rank = {member: n for n, member in enumerate(rp.Disposition)}
    rules = sorted(catalog.rules, key=lambda rule: (-rank[rule.disposition], rule.rule_id))
    lines = [
        "| rule_id | when | at least | reason | source |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| `{rule.rule_id}` | {_when(rule.when)} | `{rule.disposition.value}` "
        f"| {_cell(rule.message)} | {_cell(rule.source)} |"
        for rule in rules
    ]
    return "\n".join(lines)


def render_disposition_table(catalog: rp.Catalog | None = None) -> str:
    """What each disposition means, from the catalog's advice, lowest first."""
    catalog = catalog or rp.default_catalog()
    lines = [
        "| disposition | may run | headline | what to do |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{disposition.value}` | {'yes' if disposition.may_run else 'no'} "
        f"| {_cell(advice.headline)} | {_cell(advice.advice)} |"
        for disposition, advice in catalog.dispositions.items()
    ]
    return "\n".join(lines)


GENERATED = {"rules": render_rule_table, "dispositions": render_disposition_table}


def _section(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<start><!-- {name}:start -->)(?P<body>.*?)(?P<end><!-- {name}:end -->)",
        re.DOTALL,
    )


def generated_section(text: str, name: str) -> str:
    match = _section(name).search(text)
    assert match is not None, f"markers <!-- {name}:start/end --> not found"
    return match["body"].strip("\n")


def rewrite(text: str) -> str:
    """``text`` with every generated section replaced by a fresh rendering."""
    for name, render in GENERATED.items():
        text = _section(name).sub(
            lambda m, render=render: f"{m['start']}\n{render()}\n{m['end']}", text
        )
    return text


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_tables_match_the_data(name: str) -> None:
    text = TRIAGE_DOC.read_text(encoding="utf-8")
    assert generated_section(text, name) == GENERATED[name](), (
        f"the {name} table in docs/triage.md is out of date: "
        "run `python tests/test_docs.py --write`"
    )


def test_the_rule_table_lists_every_rule_once() -> None:
    table = render_rule_table()
    for rule in rp.default_catalog().rules:
        assert table.count(f"| `{rule.rule_id}` |") == 1
    assert len(table.splitlines()) == 2 + len(rp.default_catalog().rules)
    assert "| `pain.severe` | `pain` >= 6 | `rest` |" in table
    assert "| `pain.very_severe` | `pain` >= 9 | `see_clinician` |" in table
    assert (
        "| `duration.two_weeks` | `pain` >= 2 and `days_since_onset` >= 14 | `see_clinician` |"
    ) in table
    assert (
        "| `duration.two_weeks_symptoms` | `days_since_onset` >= 14 and any symptom other than "
        "`stiffness_or_soreness` | `see_clinician` |"
    ) in table
    assert (
        "| `age.aortic_aneurysm` | (`sudden_severe_pain` or `throbbing_in_belly`) and "
        "`age` >= 50 | `emergency` |"
    ) in table
    assert "| `risk.postpartum` | risk `postpartum_under_12_weeks` | `see_clinician` |" in table
    assert "| `combo.both_legs_numbness` | `both_legs` + `numbness_or_tingling` |" in table


def test_rewrite_restores_a_stale_table() -> None:
    text = TRIAGE_DOC.read_text(encoding="utf-8")
    stale = text.replace("`pain.severe`", "`pain.not_severe`")
    assert stale != text
    assert rewrite(stale) == text


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print("usage: python tests/test_docs.py --write", file=sys.stderr)
        return 2
    text = TRIAGE_DOC.read_text(encoding="utf-8")
    fresh = rewrite(text)
    if fresh != text:
        TRIAGE_DOC.write_text(fresh, encoding="utf-8")
        print(f"rewrote the generated tables in {TRIAGE_DOC.relative_to(ROOT)}")
    else:
        print(f"{TRIAGE_DOC.relative_to(ROOT)} is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
