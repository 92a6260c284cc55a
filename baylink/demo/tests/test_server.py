"""The server the demo runs takes the long addresses the finder makes."""

import socket
import subprocess
import sys
import textwrap
import time
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.slow

# gunicorn with the demo's options, serving a stand-in that echoes the query's length.
SERVER = textwrap.dedent(
    """
    import sys
    from urllib.parse import parse_qs
    from baylink.demo.server import BaylinkServer, server_options

    def echo(environ, start_response):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [str(len(query.get("q", [""])[0])).encode()]

    class Echo(BaylinkServer):
        def load(self):
            return echo

    options = server_options(bind=sys.argv[1], workers=1)
    options["accesslog"] = None
    Echo(options).run()
    """
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_finder_address_with_2000_chinese_characters_reaches_the_app() -> None:
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen([sys.executable, "-c", SERVER, address])
    try:
        query = urllib.parse.urlencode({"q": "倉庫機械人在擠迫通道經常卡住。" * 140})
        assert len(query) > 18_000  # far past gunicorn's default 4,094-byte request line
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://{address}/en/expertise/?{query}") as reply:
                    assert reply.read() == b"2100"
                    break
            except urllib.error.HTTPError:
                raise  # answered, but refused (414 URI Too Long before)
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.1)  # not listening yet
        else:
            pytest.fail("the server did not start")
    finally:
        server.terminate()
        server.wait(timeout=10)
