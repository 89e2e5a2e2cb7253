"""Slack answers a non-brief with a friendly reply and three example briefs."""

from __future__ import annotations

import json

import pytest

from flowgen_apps.slack.listeners.delivery import error_text
from flowgen_core.context import RequestContext
from flowgen_core.errors import NotABriefError
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings


def test_slack_reply_lists_three_example_briefs() -> None:
    with pytest.raises(NotABriefError) as raised:
        generate_flow("?", settings=Settings(flowgen_generator="offline"))
    text, blocks = error_text(raised.value, RequestContext(source="slack"))
    rendered = json.dumps(blocks, ensure_ascii=False)
    assert "campaign brief" in text
    assert rendered.count("•") == 3
    for example in raised.value.examples:
        assert example.split(";")[0][:30] in rendered
