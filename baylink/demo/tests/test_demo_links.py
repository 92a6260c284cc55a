"""Every link the demo shows a user leads somewhere: no 404, no refusal, no server error.

A walk through the demo as each account, following the links (and redirects) each page shows
that user, found sorting headings that reversed to orders the lists do not offer, Cancel
buttons that led to "..", export buttons for roles the export refuses and menu entries that
refused their own users. This test repeats that walk on the loaded demo, so such a link cannot
come back unseen. Addresses are grouped by the URL pattern they resolve to, and each pattern
is visited with a limited number of different query strings, which keeps the walk to a few
hundred pages per account without skipping any page kind the account can reach.

Most staff roles walk in Chinese, and every Chinese page is read for English messages of our
catalogues shown as they are: the history tab's field names and a country list made once, at
import, in English were found that way.
"""

import functools
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import polib
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from baylink.core.tests.test_catalogues import catalogues
from baylink.demo.users import demo_accounts_ensure
from baylink.expertise.demo_data import RESEARCHER_USERNAME
from baylink.talent.demo_data import HOST_USERNAME, STUDENT_USERNAME

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Records per URL pattern (two records of one kind show the same links), and query strings per
# address: enough for every sort heading of a list, its tabs and its first pages.
RECORDS_PER_PATTERN = 2
QUERIES_PER_ADDRESS = 12
PAGES_PER_ACCOUNT = 400
# Links that end the session or leave the pages under test. An export's Excel link is left out:
# the CSV link beside it goes through the same view and permission, in a fifth of the time.
_SKIPPED = re.compile(r"^/(static|media)/|/accounts/logout/|^/api/docs|[?&](export|format)=xlsx")


# Words a Chinese page shows in English on purpose: the product, the switch to English, and
# the names of standards and registries.
_ENGLISH_ON_PURPOSE = frozenset({"Baylink", "English", "ISCED-F", "ORCID iD", "ROR"})
_READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _Page(HTMLParser):
    """A page's links, and the texts a reader sees (words and the attributes read out)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag in ("script", "style"):
            self._hidden += 1
        self.texts += [
            (values[name] or "").strip() for name in _READ_ATTRIBUTES if values.get(name)
        ]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def _read(html: str) -> _Page:
    parser = _Page()
    parser.feed(html)
    return parser


@functools.cache
def _english_messages() -> frozenset[str]:
    """Every English message of the catalogues that is a whole visible text on its own."""
    return (
        frozenset(
            entry.msgid
            for path in catalogues()
            if path.parts[-3] == "zh_Hant"
            for entry in polib.pofile(str(path))
            if re.search("[A-Za-z]{3}", entry.msgid) and not re.search(r"%|\{", entry.msgid)
        )
        - _ENGLISH_ON_PURPOSE
    )


def _internal(base: str, href: str) -> str | None:
    """The path and query of a same-site link, without its fragment; None for other links."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "") or parts.netloc not in ("testserver", ""):
        return None
    # The same query in another order is the same page.
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    target = parts.path + (f"?{query}" if query else "")
    return None if _SKIPPED.search(target) else target


def _pattern(address: str) -> str:
    path = urlsplit(address).path
    try:
        return resolve(path).route
    except Resolver404:
        return path  # an unknown address is visited, and fails the walk, on its own


@dataclass
class Walk:
    visited: dict[str, int] = field(default_factory=dict)
    broken: list[tuple[str, int, str]] = field(default_factory=list)
    # On a Chinese page, an English message shown as is: (message, page).
    english: dict[str, str] = field(default_factory=dict)
    # URL pattern -> the paths visited under it; path -> query strings visited under it.
    records: dict[str, set[str]] = field(default_factory=dict)
    queries: Counter[str] = field(default_factory=Counter)


def walk(client: Client, start: str, limit: int = PAGES_PER_ACCOUNT) -> Walk:
    """Breadth first from `start`, staying in its language (the switcher leads to the same
    pages in another language, which the walks in that language cover)."""
    language = start.split("/")[1]
    result = Walk()
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen = {start}
    while queue and len(result.visited) < limit:
        address, referrer = queue.popleft()
        response = client.get(address)
        result.visited[address] = response.status_code
        if response.status_code >= 400:
            result.broken.append((address, response.status_code, referrer))
            continue
        found: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            found = [response["Location"]]
        elif response.get("Content-Type", "").startswith("text/html"):
            page = _read(response.content.decode())
            found = page.links
            if language != "en":
                for text in _english_messages().intersection(page.texts):
                    result.english.setdefault(text, address)
        for href in found:
            target = _internal(address, href)
            if target is None or target in seen or target.split("/")[1] != language:
                continue
            seen.add(target)
            path = urlsplit(target).path
            records = result.records.setdefault(_pattern(target), set())
            if path not in records and len(records) >= RECORDS_PER_PATTERN:
                continue
            if result.queries[path] >= QUERIES_PER_ADDRESS:
                continue
            records.add(path)
            result.queries[path] += 1
            queue.append((target, address))
    return result


def test_every_link_works_and_chinese_pages_show_no_english_message() -> None:
    call_command("load_demo", stdout=None)
    staff = [account.username for account in demo_accounts_ensure()]
    # The administrator reaches the most pages and walks in English, as does the researcher;
    # the other accounts walk in Traditional or Simplified Chinese, which also checks that
    # their pages show no English message untranslated. Links are alike in every language.
    languages = {username: ("zh-hant", "zh-hans")[i % 2] for i, username in enumerate(staff)}
    languages["demo-administrator"] = "en"
    languages |= {STUDENT_USERNAME: "zh-hant", HOST_USERNAME: "zh-hans", RESEARCHER_USERNAME: "en"}
    walks = {}
    for username, language in languages.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        walks[username] = walk(client, f"/{language}/accounts/")
    # The public site, as a visitor sees it, in each language (a few dozen pages each).
    for language in ("en", "zh-hant", "zh-hans"):
        walks[f"(visitor, {language})"] = walk(Client(), f"/{language}/")

    broken = {key: outcome.broken[:10] for key, outcome in walks.items() if outcome.broken}
    assert broken == {}
    english = {key: outcome.english for key, outcome in walks.items() if outcome.english}
    assert english == {}
    # The walk went deep enough to mean something: the staff workspace as an administrator,
    # the student's WIE pages, the researcher's own profile, the public partner pages.
    administrator = walks["demo-administrator"].records
    assert len(administrator) > 80
    assert any("placements" in pattern for pattern in administrator)
    assert any("wie" in pattern for pattern in walks[STUDENT_USERNAME].records)
    assert "en/expertise/researchers/<int:pk>/edit/" in walks[RESEARCHER_USERNAME].records
    for language in ("en", "zh-hant", "zh-hans"):
        visited = walks[f"(visitor, {language})"].records
        assert f"{language}/partners/<int:pk>/" in visited
        assert f"{language}/initiatives/<slug:slug>/" in visited
