"""CDS Hooks cards: the fields CDS Hooks requires, the indicator per disposition, safe Markdown."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from html.parser import HTMLParser

import cmarkgfm
import pytest
from hypothesis import given
from hypothesis import strategies as st

import runpelvis as rp
import strategies as s
from runpelvis._cds import escape_markdown

CATALOG = rp.default_catalog()

#: One report per disposition, lowest first, and the indicator its card must carry.
BY_DISPOSITION = [
    (frozenset(), 0, "self_care", "info"),
    (frozenset({"pain_while_running"}), 3, "rest", "warning"),
    (frozenset({"numbness_or_tingling"}), 4, "see_clinician", "warning"),
    (frozenset({"fever"}), 5, "urgent", "critical"),
    (frozenset({"saddle_numbness"}), 5, "emergency", "critical"),
]


def _result(symptoms: frozenset[str], pain: int) -> rp.TriageResult:
    return rp.triage(rp.SymptomReport(symptoms=symptoms, pain=pain, days_since_onset=2))


@pytest.mark.parametrize(
    ("symptoms", "pain", "disposition", "indicator"),
    BY_DISPOSITION,
    ids=[row[2] for row in BY_DISPOSITION],
)
def test_indicator_follows_the_disposition(
    symptoms: frozenset[str], pain: int, disposition: str, indicator: str
) -> None:
    result = _result(symptoms, pain)
    assert result.disposition.value == disposition
    card = rp.to_cds_hooks_card(result)
    assert card["indicator"] == indicator
    assert card["summary"] == result.headline
    assert card["source"] == {"label": f"runpelvis (catalog {CATALOG.version})"}
    assert set(card) == {"uuid", "summary", "indicator", "detail", "source"}


def test_detail_lists_every_reason_with_its_source() -> None:
    result = _result(frozenset({"both_legs", "numbness_or_tingling", "night_pain"}), 6)
    assert len(result.reasons) >= 3
    detail = rp.to_cds_hooks_card(result)["detail"]
    items = [line for line in detail.splitlines() if line.startswith("- ")]
    assert len(items) == len(result.reasons)
    for item, reason in zip(items, result.reasons, strict=True):
        assert item.startswith(f"- {escape_markdown(reason.message)} ")
        assert f"rule {escape_markdown(reason.rule_id)}" in item
        assert f"source: {escape_markdown(reason.source)})" in item
    assert detail.startswith("**Triage: emergency.** ")
    assert "Reported: symptoms both\\_legs, night\\_pain, numbness\\_or\\_tingling; pain 6/10;" in (
        detail
    )


def test_a_card_without_reasons_says_so() -> None:
    detail = rp.to_cds_hooks_card(_result(frozenset(), 0))["detail"]
    assert "No warning sign was reported." in detail
    assert "Reported: symptoms none; pain 0/10; 2 days since onset." in detail
    assert "- " not in detail


def test_the_label_names_the_service() -> None:
    card = rp.to_cds_hooks_card(_result(frozenset(), 0), label="Acme clinic")
    assert card["source"]["label"] == f"Acme clinic (catalog {CATALOG.version})"
    for bad in ("", "   ", "x" * 81, 3):
        with pytest.raises(rp.InvalidInput, match=r"^label: "):
            rp.to_cds_hooks_card(_result(frozenset(), 0), label=bad)  # type: ignore[arg-type]


def test_only_a_triage_result_makes_a_card() -> None:
    with pytest.raises(rp.InvalidInput, match="result: must be a TriageResult, got dict"):
        rp.to_cds_hooks_card(rp.triage_json({"symptoms": [], "pain": 0, "days_since_onset": 0}))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        # the URL itself would still be autolinked by GFM: its "://" is escaped too
        ("[click](https://evil.example)", "\\[click\\](https\\://evil.example)"),
        ("**bold** and _it_ and `code`", "\\*\\*bold\\*\\* and \\_it\\_ and \\`code\\`"),
        ("&amp; ~~gone~~ | # \\", "\\&amp; \\~\\~gone\\~\\~ \\| \\# \\\\"),
        ("- a list?", "\\- a list?"),
        ("+ another", "\\+ another"),
        ("12. numbered", "12\\. numbered"),
        ("3) numbered", "3\\) numbered"),
        ("walk-run, 3.5 km (easy)", "walk-run, 3.5 km (easy)"),
        ("two\n\nparagraphs\t and  spaces", "two paragraphs and spaces"),
    ],
)
def test_markdown_escaping(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


#: What CommonMark may read as markup in escaped text: an unescaped special character.
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[`*_\[\]<>#|~&]")
#: The code spans escape_markdown makes of words with an "@" (fenced by backticks).
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)")


@given(s.triage_results())
def test_any_result_makes_a_well_formed_card(result: rp.TriageResult) -> None:
    card = rp.to_cds_hooks_card(result)
    assert 0 < len(card["summary"]) < 140
    assert "\n" not in card["summary"]
    expected = {"self_care": "info", "rest": "warning", "see_clinician": "warning"}
    assert card["indicator"] == expected.get(result.disposition.value, "critical")
    assert card["source"]["label"].endswith(f"(catalog {result.catalog_version})")
    lines = card["detail"].splitlines()
    assert sum(line.startswith("- ") for line in lines) == len(result.reasons)
    for reason in result.reasons:
        assert escape_markdown(reason.message) in card["detail"]
        assert not _UNESCAPED.search(_CODE_SPAN.sub("", escape_markdown(reason.message)))


# -- no link, image or raw HTML once rendered as GitHub-flavoured Markdown ---------------------


def _gfm(markdown: str) -> str:
    """``markdown`` rendered by cmark-gfm, GitHub's renderer, with its autolink extension."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown)


class _Html(HTMLParser):
    """The tags and the text of rendered HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.comments: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_comment(self, data: str) -> None:  # cmark-gfm's "raw HTML omitted"
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


#: What the detail may render to: paragraphs, the reasons' list, bold, italics, code.
_ALLOWED_TAGS = {"p", "ul", "li", "strong", "em", "code"}

#: Text that GitHub's renderer turns into a link or an image as it is.
AUTOLINKED = [
    "see https://evil.example/x?y=1 now",
    "HTTP://EVIL.EXAMPLE",
    "ftp://files.example/a",
    "visit www.evil.example today",
    "(www.evil.example)",
    "_www.evil.example_",
    "mail nurse@clinic.example.org.",
    "mailto:nurse@clinic.example",
    "xmpp:nurse@clinic.example/desk",
    "a.b+c-d_e@f.example",
    "<https://evil.example>",
    "[x](https://evil.example) ![y](https://evil.example/y.png)",
]
#: Near misses, and text that already holds what the escaping adds.
TRICKY = [
    "WWW.evil.example",
    "`tick`@a.example",
    "``x``@b.example`",
    "https\\://evil.example",
    "www\\.evil.example",
    "wwww.evil.example",
    "1. www.evil.example",
]
LINKS = AUTOLINKED + TRICKY


@pytest.mark.parametrize("text", AUTOLINKED)
def test_these_are_links_unless_escaped(text: str) -> None:
    html = _Html(_gfm(text))
    assert html.tags & {"a", "img"}


@pytest.mark.parametrize("text", LINKS)
def test_urls_hosts_and_e_mail_addresses_render_as_no_link(text: str) -> None:
    """GFM's autolink extension linked these with no markup at all (issue 11, item 10)."""
    html = _Html(_gfm(escape_markdown(text)))
    assert html.tags <= _ALLOWED_TAGS, html.tags
    assert not html.comments
    assert " ".join("".join(html.text).split()) == " ".join(text.split())


def test_an_e_mail_address_is_a_code_span_and_a_url_reads_the_same() -> None:
    assert escape_markdown("write to nurse@clinic.example.") == "write to `nurse@clinic.example.`"
    assert escape_markdown("``x``@b`") == "``` ``x``@b` ```"
    assert escape_markdown("at https://a.example or www.b.example") == (
        "at https\\://a.example or www\\.b.example"
    )


@given(s.triage_results())
def test_any_card_detail_renders_without_links_images_or_html(result: rp.TriageResult) -> None:
    """Whatever a catalog says, GitHub's renderer finds no link, image or raw HTML in it."""
    detail = rp.to_cds_hooks_card(result)["detail"]
    html = _Html(_gfm(detail))
    assert html.tags <= _ALLOWED_TAGS, (detail, html.tags)
    assert not html.comments, detail
    shown = " ".join("".join(html.text).replace("\x00", "\ufffd").split())
    for reason in result.reasons:  # the text reads as written, markup and all
        assert " ".join(reason.message.replace("\x00", "\ufffd").split()) in shown


@given(st.lists(st.sampled_from([*LINKS, "a", " ", "@", ".", ":", "/", "w", "`", "*", "-"])))
def test_link_like_text_in_any_order_renders_without_links(parts: list[str]) -> None:
    text = "".join(parts)
    html = _Html(_gfm(escape_markdown(text)))
    assert html.tags <= _ALLOWED_TAGS, (text, html.tags)
    assert not html.comments


@given(s.reports(), s.reports())
def test_uuid_is_stable_for_equal_results_and_differs_otherwise(
    first: rp.SymptomReport, second: rp.SymptomReport
) -> None:
    one, other = rp.triage(first), rp.triage(second)
    card = rp.to_cds_hooks_card(one)
    assert uuid.UUID(card["uuid"]).version == 5
    assert rp.to_cds_hooks_card(rp.triage(first))["uuid"] == card["uuid"]
    assert (rp.to_cds_hooks_card(other)["uuid"] == card["uuid"]) == (one == other)
    assert rp.to_cds_hooks_card(one, label="Acme")["uuid"] != card["uuid"]


def test_uuid_is_the_same_in_another_process() -> None:
    code = (
        "import runpelvis as rp; print(rp.to_cds_hooks_card(rp.triage(rp.SymptomReport("
        "symptoms=frozenset({'fever'}), pain=3, days_since_onset=2)))['uuid'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == rp.to_cds_hooks_card(_result(frozenset({"fever"}), 3))["uuid"]
