"""Presentation-neutral rendering of flows: a text outline and a diagram (DOT, PNG, text tree).

No Slack or HTTP here: the Slack app builds Block Kit from these, the REST API serves the PNG.
"""

from flowgen_core.render.diagram import graphviz_available, render_png, text_diagram, to_dot
from flowgen_core.render.outline import OutlineLine, outline_lines, outline_text, sms_segments

__all__ = [
    "OutlineLine",
    "graphviz_available",
    "outline_lines",
    "outline_text",
    "render_png",
    "sms_segments",
    "text_diagram",
    "to_dot",
]
