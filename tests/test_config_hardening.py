"""What the server settings of .streamlit/config.toml do for a classroom deployment, seen from outside.

Usage statistics, fonts and other off-machine fetches are checked by every browser test (no external
requests); the upload limit by the Scenario lab's browser test.
"""

from __future__ import annotations

import http.client
import urllib.parse

from streamlit.testing.v1 import AppTest


def request(base_url: str, method: str, path: str, headers: dict[str, str] | None = None,
            body: bytes | None = None) -> http.client.HTTPResponse:
    address = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_another_site_gets_no_cors_grant(app_server):
    response = request(app_server, "GET", "/_stcore/health", {"Origin": "http://elsewhere.example"})
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") is None


def test_an_upload_without_the_xsrf_token_is_refused(app_server):
    response = request(app_server, "PUT", "/_stcore/upload_file/some-session/some-file",
                       {"Content-Type": "multipart/form-data; boundary=x"}, b"--x--\r\n")
    assert response.status == 403


def test_an_unexpected_exception_shows_students_no_detail():
    """Run from the repository (as `make test` is), where Streamlit reads .streamlit/config.toml."""
    at = AppTest.from_string('raise ValueError("secret detail from /srv/notes.txt")').run()
    [shown] = at.exception
    assert "secret detail" not in shown.message and "redacted" in shown.message
    assert shown.stack_trace == []
