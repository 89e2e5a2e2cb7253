"""A series whose wait is said after "then" ("a hello with 5% off, then wait 4 days and ...",
"luego esperar 4 días", "puis attendre 4 jours", "dann 4 Tage warten") waits between the sends:
the first send opens the flow and the stated delay follows it."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.planners.offline.composer import OfflineGenerator


def _steps(text: str) -> list[dict[str, Any]]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return list(flow["steps"])


_BRIEFS = [
    "Welcome series for new subscribers: a hello with 5% off, then wait 4 days and remind them of the code.",
    "Serie de bienvenida para nuevos suscriptores: un saludo con 5 % de descuento, luego esperar 4 días "
    "y recordarles el código.",
    "Série de bienvenue pour les nouveaux abonnés : un bonjour avec 5 % de remise, puis attendre 4 jours "
    "et rappeler le code.",
    "Willkommensserie für neue Abonnenten: Begrüßung mit 5 % Rabatt, dann 4 Tage warten und an den Code "
    "erinnern.",
]


@pytest.mark.parametrize("brief", _BRIEFS)
def test_a_wait_after_then_follows_the_first_send(brief: str) -> None:
    steps = [s for s in _steps(brief) if s["type"] in ("message", "delay", "product_choice")]
    assert steps[0]["type"] == "message"
    delays = [s for s in steps if s["type"] == "delay"]
    assert delays and delays[0]["label"] == "Wait 4 days"
    assert steps.index(delays[0]) == 1
