"""Write tests/article_shingles.txt from the source article: ``python tools/article_shingles.py``.

The article itself is not in this repository (its sentences are not ours to ship). The
file holds a short hash of every run of six words in it, so that the tests can check,
on any machine, that no text of the package repeats six words of the article, without
the file letting anyone read the article back.
"""

from __future__ import annotations

import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "reference" / "source-article.txt"
OUT = ROOT / "tests" / "article_shingles.txt"


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, as the freshness test reads them."""
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def shingle_hash(six: tuple[str, ...]) -> str:
    """A short hash of six words: enough to find a copy, not to read one."""
    return hashlib.sha256(" ".join(six).encode("utf-8")).hexdigest()[:16]


def main() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    found = words(article)
    hashes = sorted({shingle_hash(tuple(found[i : i + 6])) for i in range(len(found) - 5)})
    OUT.write_text("\n".join(hashes) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {len(hashes)} hashes to {OUT}\n")


if __name__ == "__main__":
    main()
