"""Every link the demo shows a user leads somewhere: no 404, no refusal, no server error.

A walk through the demo as each account, following the links (and redirects) each page shows
that user, found sorting headings that reversed to orders the lists do not offer, Cancel
buttons that led to "..", export buttons for roles the export refuses and menu entries that
refused their own users. This test repeats that walk on the loaded demo, so such a link cannot
come back unseen. Addresses are grouped by the URL pattern they resolve to, and each pattern
is visited with a limited number of different query strings, which keeps the walk to a few
hundred pages per account without skipping any page kind the account can reach.
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

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


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.found.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.found


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
            found = _links(response.content.decode())
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


def test_no_link_in_the_demo_leads_to_an_error() -> None:
    call_command("load_demo", stdout=None)
    accounts = [account.username for account in demo_accounts_ensure()]
    accounts += [STUDENT_USERNAME, HOST_USERNAME, RESEARCHER_USERNAME]
    walks = {}
    for username in accounts:
        client = Client()
        client.force_login(User.objects.get(username=username))
        walks[username] = walk(client, "/en/accounts/")
    # The public site, as a visitor sees it, in each language (a few dozen pages each).
    for language in ("en", "zh-hant", "zh-hans"):
        walks[f"(visitor, {language})"] = walk(Client(), f"/{language}/")

    broken = {key: outcome.broken[:10] for key, outcome in walks.items() if outcome.broken}
    assert broken == {}
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
