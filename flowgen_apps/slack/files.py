"""Reading files people share with the app: which ones are JSON, and their bytes.

Slack serves a file's bytes from `url_private_download` to requests that carry a bot
token with the `files:read` scope. The token is sent only to Slack's own hosts (or the
configured Web API host, for a local stand-in), and never logged.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import httpx

from flowgen_core.io import InputError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1_000_000
DOWNLOAD_TIMEOUT_S = 20.0
_JSON_MIMETYPES = {"application/json", "text/json"}


def is_json_file(file: dict[str, Any]) -> bool:
    """A shared file that claims to be JSON (by type, MIME type or name)."""
    name = str(file.get("name") or file.get("title") or "")
    return (
        str(file.get("filetype") or "").lower() == "json"
        or str(file.get("mimetype") or "").lower() in _JSON_MIMETYPES
        or name.lower().endswith(".json")
    )


def json_files(event: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in event.get("files") or [] if isinstance(f, dict) and is_json_file(f)]


def file_name(file: dict[str, Any]) -> str:
    return str(file.get("name") or file.get("title") or "the file")


def _trusted_host(url: str, api_base_url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    api_host = (urlsplit(api_base_url).hostname or "").lower()
    return bool(host) and (host == "slack.com" or host.endswith(".slack.com") or host == api_host)


def download_file(
    file: dict[str, Any],
    *,
    token: str | None,
    api_base_url: str,
    max_bytes: int = MAX_FILE_BYTES,
    timeout_s: float = DOWNLOAD_TIMEOUT_S,
) -> bytes:
    """The file's bytes, at most `max_bytes`; `InputError` with a one-line reason otherwise.

    The declared size is checked before any request, and the bytes read are counted too,
    since a declared size can be missing or wrong.
    """
    size = file.get("size")
    if isinstance(size, int) and size > max_bytes:
        raise InputError(f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    url = file.get("url_private_download") or file.get("url_private")
    if not url or not token:
        raise InputError("Slack did not give me a way to download the file")
    if not _trusted_host(str(url), api_base_url):
        raise InputError("the file is not hosted by Slack")
    received = bytearray()
    try:
        with (
            httpx.Client(timeout=timeout_s, follow_redirects=True) as http,
            http.stream("GET", str(url), headers={"Authorization": f"Bearer {token}"}) as response,
        ):
            if response.status_code != 200:
                log.warning("file download refused", extra={"status": response.status_code})
                raise InputError(f"Slack refused the download (HTTP {response.status_code})")
            if "text/html" in response.headers.get("content-type", ""):
                # Slack answers a token without files:read with its sign-in page, not an error.
                raise InputError("Slack refused the download (is the files:read scope granted?)")
            for chunk in response.iter_bytes():
                received.extend(chunk)
                if len(received) > max_bytes:
                    raise InputError(f"the file is larger than the limit of {max_bytes:,} bytes")
    except httpx.HTTPError as exc:
        log.warning("file download failed", extra={"error": type(exc).__name__})
        raise InputError("the file could not be downloaded from Slack") from None
    return bytes(received)
