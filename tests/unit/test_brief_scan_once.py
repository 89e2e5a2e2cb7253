"""Readers asked the same question several times per generation answer it from one scan.

The negated-mention and ruled-out scans, the other-campaign test of a clause and the unread
clauses are pure functions of their text, asked by several readers of one brief; each text is
scanned once. Every caller still gets its own list, and the answers are what a fresh scan gives.
"""

from __future__ import annotations

import pytest

from flowgen_core.brief import negated
from flowgen_core.brief.exclusions import _other_span, excludes_other_campaign, other_campaign_clauses
from flowgen_core.brief.intent import _not_understood, not_understood
from flowgen_core.setting_source import read_setting

BRIEFS = [
    "Win back lapsed buyers with 20% off, but don't mention financing. No VIP targeting, "
    "skip anyone already in the spring promo.",
    "Recupera clientes inactivos con 20% de descuento; no menciones la financiación, sin VIPs.",
    "Relancez les clients inactifs avec 20 % de remise, ne parlez pas de financement, aucun filtre VIP.",
    "Inaktive Kunden mit 20 % Rabatt zurückgewinnen, erwähne keine Finanzierung, ohne VIP-Filter.",
    "Birthday SMS with a free dessert; reply YES to book, remind after 2 days.",
]


@pytest.mark.parametrize("text", BRIEFS)
def test_repeated_scans_match_a_fresh_scan(text: str) -> None:
    negated._negated_spans.cache_clear()
    negated._ruled_out_spans.cache_clear()
    _not_understood.cache_clear()
    _other_span.cache_clear()
    first = (
        negated.negated_spans(text),
        negated.ruled_out_spans(text),
        negated.mask_negated(text),
        negated.without_ruled_out(text),
        not_understood(text),
        other_campaign_clauses(text),
    )
    again = (
        negated.negated_spans(text),
        negated.ruled_out_spans(text),
        negated.mask_negated(text),
        negated.without_ruled_out(text),
        not_understood(text),
        other_campaign_clauses(text),
    )
    assert first == again
    assert negated._negated_spans.cache_info().hits >= 1
    assert negated._ruled_out_spans.cache_info().hits >= 1
    assert _not_understood.cache_info().hits == 1
    masked, blanked = first[2], first[3]
    assert len(masked) == len(blanked) == len(text)


def test_each_caller_gets_its_own_list() -> None:
    text = BRIEFS[0]
    spans = negated.negated_spans(text)
    assert spans
    spans.clear()
    assert negated.negated_spans(text)
    ruled = negated.ruled_out_spans(text)
    assert ruled
    ruled.append((0, 1))
    assert (0, 1) not in negated.ruled_out_spans(text)
    unread = not_understood(text)
    unread.append("x")
    assert "x" not in not_understood(text)


def test_the_other_campaign_test_is_the_same_for_every_caller() -> None:
    clause = "skip anyone already in the spring promo"
    assert excludes_other_campaign(clause)
    assert excludes_other_campaign(clause)
    assert not excludes_other_campaign("send it to everyone who ordered last spring")


def test_a_setting_is_read_case_insensitively_and_as_it_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPLIANCE_STRICT", raising=False)
    monkeypatch.delenv("compliance_strict", raising=False)
    assert read_setting("COMPLIANCE_STRICT") is None
    monkeypatch.setenv("compliance_strict", "always")
    assert read_setting("COMPLIANCE_STRICT") == "always"
    monkeypatch.delenv("compliance_strict")
    monkeypatch.setenv("COMPLIANCE_STRICT", "never")
    assert read_setting("compliance_strict") == "never"
