"""A triage result as an HL7 CDS Hooks card, for clinical systems that show cards.

The card follows CDS Hooks 2.0: ``summary`` (under 140 characters), ``indicator``
(``info``, ``warning`` or ``critical``), ``source`` (its ``label`` names runpelvis
and the catalog version) and ``detail`` in Markdown: what to do now, then every
reason with its source. Catalog text is escaped for Markdown, so a custom
catalog cannot inject links, images or raw HTML into the card.

CDS Hooks asks for GitHub-flavoured Markdown, whose autolink extension turns bare
``http://``, ``https://`` and ``ftp://`` URLs, ``www.`` hosts and e-mail addresses
into links with no Markdown syntax at all. A backslash before the ``:`` of ``://``
and before the ``.`` of ``www.`` stops the first two (the text reads the same), but
not an e-mail address: GFM finds those after escapes are undone. So a word with an
``@`` becomes a code span: shown exactly, in a code font, never a link.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from ._disposition import Disposition
from ._errors import InvalidInput
from ._triage import TriageResult

__all__ = ["INDICATORS", "card_uuid", "to_cds_hooks_card"]

#: The card indicator for each disposition.
INDICATORS: Mapping[Disposition, str] = {
    Disposition.SELF_CARE: "info",
    Disposition.REST: "warning",
    Disposition.SEE_CLINICIAN: "warning",
    Disposition.URGENT: "critical",
    Disposition.EMERGENCY: "critical",
}
#: Characters with an inline meaning in CommonMark or GitHub Markdown (emphasis, code,
#: links, raw HTML, entities, tables, strikethrough) that plain text must escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
#: What makes a line a list item when it starts the line: ``-``, ``+``, ``1.``, ``1)``.
_LIST_MARKER = re.compile(r"^(\d{0,9})([-+.)])")
#: Where GFM's autolink extension starts a link without any markup: the ``:`` of a
#: scheme's ``://`` and the ``.`` of ``www.`` (any case, to be safe).
_AUTOLINK = re.compile(r"(?::(?=//)|(?<=[wW]{3})\.)")
#: A word GFM could read as an e-mail address (or an ``xmpp:``/``mailto:`` link).
_AT_WORD = re.compile(r"(\S*@\S*)")
#: The namespace of card uuids: a card's uuid is the uuid5 of the result's canonical JSON in it.
CARD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:runpelvis:cds-hooks:card")
#: Runs of backticks, to fence a code span with a longer run.
_BACKTICKS = re.compile(r"`+")


def to_cds_hooks_card(result: TriageResult, *, label: str = "runpelvis") -> dict[str, Any]:
    """An HL7 CDS Hooks card for ``result``: a JSON-ready dict.

    ``label`` names the service in ``source.label``, followed by the catalog version
    (``"runpelvis (catalog 2026.12.0)"``). The card's ``uuid`` is stable: equal results
    (and labels) give the same uuid, in any process, so feedback on a card can be matched.
    """
    if not isinstance(result, TriageResult):
        raise InvalidInput.at("result", f"must be a TriageResult, got {type(result).__name__}")
    if not isinstance(label, str) or not label.strip() or len(label) > 80:
        raise InvalidInput.at("label", "must be a non-empty string of at most 80 characters")
    return {
        "uuid": card_uuid(result, label),
        "summary": _summary(result),
        "indicator": INDICATORS[result.disposition],
        "detail": _detail(result),
        "source": {"label": f"{label} (catalog {result.catalog_version})"},
    }


def card_uuid(result: TriageResult, label: str = "runpelvis") -> str:
    """uuid5 of the canonical JSON (sorted keys, no spaces) of ``result`` and ``label``."""
    from ._convert import unstructure

    canonical = json.dumps(
        {"label": label, "result": unstructure(result)},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return str(uuid.uuid5(CARD_NAMESPACE, canonical))


def _summary(result: TriageResult) -> str:
    """The headline on one line: at most 120 characters, as ``TriageResult`` checks."""
    return " ".join(result.headline.split())


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown on one line that renders as no link, image or HTML.

    Whitespace is folded, specials and autolink triggers are backslash-escaped, and a
    word with an ``@`` becomes a code span (see the module's notes).
    """
    pieces = _AT_WORD.split(" ".join(text.split()))
    # split() with a group: plain text at even indexes, words with an "@" at odd ones
    escaped = "".join(
        _code_span(piece) if index % 2 else _escape_plain(piece)
        for index, piece in enumerate(pieces)
    )
    return _LIST_MARKER.sub(r"\1\\\2", escaped)


def _escape_plain(text: str) -> str:
    return _AUTOLINK.sub(r"\\\g<0>", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _code_span(word: str) -> str:
    """``word`` (no whitespace) as a CommonMark code span, whatever backticks it holds."""
    fence = "`" * (max(map(len, _BACKTICKS.findall(word)), default=0) + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word}{pad}{fence}"


def _detail(result: TriageResult) -> str:
    report = result.report
    symptoms = ", ".join(escape_markdown(symptom) for symptom in sorted(report.symptoms))
    lines = [
        f"**Triage: {result.disposition.value.replace('_', ' ')}.** "
        f"{escape_markdown(result.advice)}",
        "",
        f"Reported: symptoms {symptoms or 'none'}; pain {report.pain}/10; "
        f"{report.days_since_onset} days since onset.",
        "",
    ]
    if result.reasons:
        lines.append("**Reasons**")
        lines.append("")
        lines.extend(
            f"- {escape_markdown(reason.message)} "
            f"(rule {escape_markdown(reason.rule_id)}; source: {escape_markdown(reason.source)})"
            for reason in result.reasons
        )
    else:
        lines.append("No warning sign was reported.")
    lines += [
        "",
        "_A decision aid for runners with back or pelvic pain, not a diagnosis._",
    ]
    return "\n".join(lines)
