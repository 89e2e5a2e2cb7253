"""Render the Slack screens in docs/slack.md: real Block Kit from the real builders, drawn as HTML.

Generates flows with the offline planner (no network), builds the preview, refinement,
App Home and diagram payloads exactly as the app sends them, turns the Block Kit into a
Slack-like HTML page and screenshots it with headless Chromium. Needs `chromium` and
Graphviz on the PATH.

    .venv/bin/python docs/slack_images.py
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flowgen_apps.slack import blocks
from flowgen_apps.slack.preview import PreviewData, preview_blocks
from flowgen_core.context import RequestContext
from flowgen_core.render.diagram import render_png
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings
from tests.fakes.sample_flow import long_flow

OUT = Path(__file__).resolve().parent / "img"
WIDTH = 760
FLOWS = {
    "winback": "Win back customers who haven't ordered in 90 days with 15% off, reply SAVE for the code",
    "cart": "Cart abandoners from the last 24 hours: remind them in 1 hour, then offer free shipping after a day",
    "vip": "VIP early access to the summer sale tomorrow 10am PST, reply YES to reserve, remind non-responders "
    "after 6 hours, then send a last-chance text with 20% off the next day",
}
USERS = {"U0ALICE": "alice"}

CSS = """
body { font-family: -apple-system, 'Helvetica Neue', Helvetica, Arial, sans-serif; font-size: 15px;
       color: #1d1c1d; margin: 0; background: #fff; }
.msg { display: flex; padding: 16px 20px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; color: #fff; font-weight: 700;
          display: flex; align-items: center; justify-content: center; margin-right: 10px; flex: none; }
.who { font-weight: 900; } .app { background: #e8e8e8; font-size: 10px; padding: 1px 3px; border-radius: 2px;
       color: #616061; margin-left: 4px; } .time { color: #616061; font-size: 12px; margin-left: 6px; }
.body { flex: 1; min-width: 0; }
.header { font-size: 18px; font-weight: 900; margin: 6px 0 4px; }
.section { margin: 6px 0; line-height: 1.46; white-space: pre-wrap; word-wrap: break-word; }
.context { color: #616061; font-size: 13px; margin: 4px 0; white-space: pre-wrap; }
.divider { border-top: 1px solid #dddddd; margin: 10px 0; }
.actions { margin: 8px 0; display: flex; flex-wrap: wrap; gap: 8px; }
.btn { border: 1px solid #bbbbbb; border-radius: 4px; padding: 4px 12px; font-size: 14px; font-weight: 700;
       background: #fff; }
.btn.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
blockquote { border-left: 4px solid #dddddd; margin: 2px 0; padding: 0 0 0 10px; color: #1d1c1d; }
code { background: #f6f6f6; border: 1px solid #e0e0e0; border-radius: 3px; padding: 0 3px; color: #e01e5a;
       font-size: 13px; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
a { color: #1264a3; text-decoration: none; }
.home { padding: 20px 28px; } .home .accessory { float: right; margin-left: 12px; }
.row::after { content: ""; display: block; clear: both; }
.thread { border-left: 3px solid #e0e0e0; margin-left: 40px; }
"""


def mrkdwn(text: str) -> str:
    """Slack mrkdwn (as the builders emit it) to HTML, close enough for a screenshot."""
    lines, out, quote = text.split("\n"), [], []

    def inline(s: str) -> str:
        s = html.escape(html.unescape(s), quote=False)
        s = re.sub(
            r"&lt;@(U[A-Z0-9]+)&gt;", lambda m: f'<span class="mention">@{USERS.get(m[1], m[1])}</span>', s
        )
        s = re.sub(r"&lt;(https?://[^|]+)\|([^&]+)&gt;", r'<a href="\1">\2</a>', s)
        s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
        s = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"<b>\1</b>", s)
        s = re.sub(r"(?<![\w_])_([^_\n]+)_(?![\w_])", r"<i>\1</i>", s)
        s = re.sub(r"(?<![\w~])~([^~\n]+)~(?![\w~])", r"<s>\1</s>", s)
        return s

    for line in lines:
        if line.startswith(">"):
            quote.append(inline(line[1:].lstrip()))
            continue
        if quote:
            out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
            quote = []
        out.append(inline(line))
    if quote:
        out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
    return "\n".join(out).replace("</blockquote>\n", "</blockquote>")


def button_html(element: dict[str, Any]) -> str:
    style = " primary" if element.get("style") == "primary" else ""
    return f'<span class="btn{style}">{html.escape(element["text"]["text"])}</span>'


def blocks_html(payload: list[dict[str, Any]]) -> str:
    parts = []
    for block in payload:
        kind = block["type"]
        if kind == "header":
            parts.append(f'<div class="header">{html.escape(html.unescape(block["text"]["text"]))}</div>')
        elif kind == "section":
            accessory = block.get("accessory")
            extra = f'<span class="accessory">{button_html(accessory)}</span>' if accessory else ""
            parts.append(f'<div class="section row">{extra}{mrkdwn(block["text"]["text"])}</div>')
        elif kind == "context":
            parts.append(
                '<div class="context">' + " ".join(mrkdwn(e["text"]) for e in block["elements"]) + "</div>"
            )
        elif kind == "divider":
            parts.append('<div class="divider"></div>')
        elif kind == "actions":
            parts.append(
                '<div class="actions">' + "".join(button_html(e) for e in block["elements"]) + "</div>"
            )
    return "\n".join(parts)


def message_html(payload: list[dict[str, Any]], *, thread: bool = False) -> str:
    cls = "msg thread" if thread else "msg"
    return (
        f'<div class="{cls}"><div class="avatar">fg</div><div class="body"><span class="who">flowgen</span>'
        f'<span class="app">APP</span><span class="time">10:42 AM</span>{blocks_html(payload)}</div></div>'
    )


def screenshot(body: str, name: str, *, scale: float = 1.0) -> Path:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is needed to draw the screenshots")
    page = f"<!doctype html><meta charset=utf-8><style>{CSS}</style><body>{body}</body>"
    with tempfile.TemporaryDirectory() as tmp:
        html_file = Path(tmp) / "page.html"
        probe = page + "<script>document.title = document.documentElement.scrollHeight;</script>"
        html_file.write_text(probe, encoding="utf-8")
        flags = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp}/u",
        ]
        dom = subprocess.run(
            [*flags, f"--window-size={WIDTH},800", "--dump-dom", html_file.as_uri()],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        height = int(re.search(r"<title>(\d+)</title>", dom)[1]) + 4  # type: ignore[index]
        html_file.write_text(page, encoding="utf-8")
        target = OUT / f"{name}.png"
        subprocess.run(
            [
                *flags,
                f"--window-size={WIDTH},{height}",
                f"--force-device-scale-factor={scale}",
                f"--screenshot={target}",
                html_file.as_uri(),
            ],
            capture_output=True,
            timeout=60,
            check=True,
        )
    return target


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None, database_url=f"sqlite:///{tmp}/docs.sqlite3", flowgen_generator="offline"
        )
        service = FlowService(settings)
        ctx = RequestContext(
            source="slack", workspace_id="T0DOCS", user_id="U0ALICE", channel_id="C0", thread_ts="1.0"
        )
        entries = []
        for key, brief in FLOWS.items():
            outcome = service.generate(brief, context=ctx)
            preview = PreviewData.from_outcome(outcome, elapsed_ms=840, requested_by="U0ALICE")
            screenshot(message_html(preview_blocks(preview)), f"preview-{key}")
            png = render_png(outcome.flow)
            if png:
                (OUT / f"diagram-{key}.png").write_bytes(png)
            entries.append(
                blocks.HistoryEntry(
                    name=outcome.flow.get("name", key),
                    version=1,
                    version_id=outcome.version_id or "",
                    status="valid" if outcome.report.valid else "needs fixes",
                    updated=datetime(2026, 12, 1, 10, 42, tzinfo=UTC),
                    link="https://example.slack.com/archives/C0/p1",
                )
            )
            if key == "winback":
                refined = service.refine("make the discount 20%", version_id=outcome.version_id, context=ctx)
                diff = PreviewData.from_outcome(refined, elapsed_ms=310, requested_by="U0ALICE")
                screenshot(message_html(preview_blocks(diff), thread=True), "refinement-diff")
        # A long series: the preview keeps to Slack's budget, the diagram summarises.
        long = long_flow(60)
        saved = service.generate(FLOWS["winback"], context=ctx)
        big = PreviewData(
            flow=long,
            version_id=saved.version_id,
            version=1,
            requested_by="U0ALICE",
            brief="A 60-message daily tips series for new subscribers",
            elapsed_ms=1200,
        )
        # Drawn at half scale: at full size the long page is over half a megabyte.
        screenshot(message_html(preview_blocks(big)), "preview-60-steps", scale=0.5)
        (OUT / "diagram-60-steps.png").write_bytes(render_png(long) or b"")
        home = blocks.home_view(
            entries, {"brand_name": "Acme", "default_model": "gpt-4o-mini"}, can_edit_settings=True
        )
        screenshot(f'<div class="home">{blocks_html(home["blocks"])}</div>', "app-home")
    for image in sorted(OUT.glob("*.png")):
        print(f"{image.name}: {image.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
