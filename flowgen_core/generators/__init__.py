"""Generators: brief -> FlowBuilder flow. `generate_flow` picks one and falls back offline."""
