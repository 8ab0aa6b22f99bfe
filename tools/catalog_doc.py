"""Write docs/catalog.md from the bundled catalog: ``python tools/catalog_doc.py``.

``tests/test_catalog_doc.py`` fails when the page and the data disagree.
"""

from __future__ import annotations

import pathlib
import sys

import runpelvis as rp

PAGE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "catalog.md"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return [*lines, ""]


def _ids(values: frozenset[str]) -> str:
    return ", ".join(f"`{value}`" for value in sorted(values)) or "-"


def _dose(dose: rp.Dose) -> str:
    parts = [f"{dose.sets} set{'s' if dose.sets > 1 else ''}"]
    if dose.reps:
        parts.append(f"{dose.reps.low}-{dose.reps.high} reps")
    if dose.hold_seconds:
        parts.append(f"hold {dose.hold_seconds.low}-{dose.hold_seconds.high} s")
    if dose.per_side:
        parts.append("each side")
    return ", ".join(parts)


def render(catalog: rp.Catalog) -> str:
    """The whole page, generated from ``catalog``."""
    lines = [
        "# The bundled catalog",
        "",
        f"Catalog version `{catalog.version}`. This page is generated from the data in",
        "`src/runpelvis/data/` by `tools/catalog_doc.py`; a test fails when they disagree.",
        "Every item names its source; triage rules are listed in [triage.md](triage.md).",
        "",
        "## Symptoms",
        "",
    ]
    lines += _table(
        ("id", "name", "what the runner reports", "source"),
        [(f"`{s.id}`", s.name, s.description, s.source) for s in catalog.symptoms.values()],
    )
    lines += [
        "## Risk factors",
        "",
        "What the runner is or has had, not what they feel (`SymptomReport.risk_factors`).",
        "",
    ]
    lines += _table(
        ("id", "name", "meaning", "source"),
        [(f"`{r.id}`", r.name, r.description, r.source) for r in catalog.risk_factors.values()],
    )
    lines += ["## Causes", ""]
    lines += _table(
        ("id", "name", "group", "exercises", "tips"),
        [
            (
                f"`{c.id}`",
                c.name,
                c.group,
                _ids(frozenset(e.id for e in catalog.exercises_for(c.id))),
                _ids(frozenset(t.id for t in catalog.tips_for(c.id))),
            )
            for c in catalog.causes.values()
        ],
    )
    lines += ["## Exercises", ""]
    lines += _table(
        ("id", "name", "kind", "level", "dose", "addresses", "not with", "equipment", "gentle"),
        [
            (
                f"`{e.id}`",
                e.name,
                e.kind,
                e.level,
                _dose(e.dose),
                _ids(e.addresses),
                _ids(e.contraindications),
                " or ".join(sorted(e.equipment)) or "none",
                "yes" if e.gentle else "no",
            )
            for e in catalog.exercises.values()
        ],
    )
    lines += ["## Cross-training", ""]
    lines += _table(
        ("id", "name", "equipment", "addresses", "gentle"),
        [
            (
                f"`{a.id}`",
                a.name,
                " or ".join(sorted(a.equipment)) or "none",
                _ids(a.addresses),
                "yes" if a.gentle else "no",
            )
            for a in catalog.cross_training.values()
        ],
    )
    lines += ["## Tips", ""]
    lines += _table(
        ("id", "topic", "advice", "addresses", "source"),
        [
            (f"`{t.id}`", t.topic, t.text, _ids(t.addresses), t.source)
            for t in catalog.tips.values()
        ],
    )
    return "\n".join(lines)


if __name__ == "__main__":
    PAGE.write_text(render(rp.default_catalog()), encoding="utf-8")
    sys.stdout.write(f"wrote {PAGE}\n")
