"""Refinement: change a flow by a plain-language instruction (see docs/refinement.md).

`editor` is the entry point (`refine`, `refine_offline`, `edit_plan`); `ops/` holds one
module per edit operation and `registry` lists them with their example phrasings.
"""
