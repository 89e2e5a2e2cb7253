"""Where the brief's picture could not go: the first sends of a flow that carry no image.

FlowBuilder gives only a `message` an image of its own (`addImage`/`imageUrl`); a
`purchase_offer` shows the product's image (`includeProductImage`) and a `product_choice` the
products' (`productImages`), neither a picture of the brief's. A path whose first send is one of
those cannot carry the picture, and the understanding says so instead of dropping it silently.
"""

from __future__ import annotations

from typing import Any

from flowgen_core.steps.base import dicts_in
from flowgen_core.steps.registry import kind_of

_WHY = {
    "purchase_offer": "the first text is a purchase offer, which shows the product's own image, not a picture of its own",
    "product_choice": "the first text is a product choice, which shows the products' own images, not a picture of its own",
    "reply_cart_choice": "the first text is a cart choice, which carries no picture of its own",
}


def first_sends(flow: dict[str, Any]) -> list[dict[str, Any]]:
    """The first step that sends a text on each path from the start, in path order."""
    steps = {s.get("id"): s for s in dicts_in(flow.get("steps"))}
    queue, seen, out = [flow.get("initialStepID")], set(), []
    while queue:
        sid = queue.pop(0)
        if sid in seen or sid not in steps:
            continue
        seen.add(sid)
        step = steps[sid]
        if kind_of(step).sends_text:
            out.append(step)
            continue
        queue += [e.get("nextStepID") for e in dicts_in(step.get("events"))]
    return out


def picture_not_attached(flow: dict[str, Any], image_url: str | None) -> list[str]:
    """One line per reason the brief's picture is missing from a path's first text."""
    if not image_url:
        return []
    reasons: list[str] = []
    for step in first_sends(flow):
        if step.get("addImage") is True and step.get("imageUrl") == image_url:
            continue
        kind = str(step.get("type"))
        why = _WHY.get(kind, f"the first text is a {kind.replace('_', ' ')}, which carries no picture")
        if why not in reasons:
            reasons.append(why)
    return [f"Not used: picture not attached: {why}" for why in reasons]
