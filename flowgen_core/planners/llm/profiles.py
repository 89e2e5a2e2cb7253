"""What a model accepts, from its name (and an override setting), so requests carry only that.

Reasoning models (o1/o3/o4*, gpt-5*) reject `temperature` and `max_tokens` with a 400
`unsupported_value` / `unsupported_parameter`; older models and most self-hosted servers do
not know `max_completion_tokens`. The profile decides once, before the request, instead of
learning it from an error. `LLM_MODEL_PROFILE` picks a profile by name when the model name
says nothing (an Azure deployment called "prod-planner", a gateway alias).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

StructuredOutput = Literal["json_schema", "json_object", "none"]
TokenParam = Literal["max_tokens", "max_completion_tokens"]


@dataclass(frozen=True)
class ModelProfile:
    name: str
    accepts_temperature: bool
    token_param: TokenParam
    structured_output: StructuredOutput
    context_tokens: int
    reasoning_effort: str | None = None  # sent only to models that take it
    system_role: Literal["system", "user"] = "system"  # o1-mini/o1-preview refuse system messages

    def messages(self, messages: list[dict[str, str]]) -> list[dict[str, str]]:
        """`messages` in the roles this model accepts."""
        if self.system_role == "system":
            return messages
        return [{**m, "role": self.system_role} if m["role"] == "system" else m for m in messages]

    def request_params(
        self,
        *,
        schema: dict[str, Any],
        schema_name: str,
        max_output_tokens: int,
        temperature: float,
    ) -> dict[str, Any]:
        """The optional request parameters this model accepts (model and messages excluded)."""
        params: dict[str, Any] = {self.token_param: max_output_tokens}
        if self.accepts_temperature:
            params["temperature"] = temperature
        if self.reasoning_effort:
            params["reasoning_effort"] = self.reasoning_effort
        if self.structured_output == "json_schema":
            params["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "strict": True, "schema": schema},
            }
        elif self.structured_output == "json_object":
            params["response_format"] = {"type": "json_object"}
        return params


PROFILES: dict[str, ModelProfile] = {
    "gpt-4o": ModelProfile("gpt-4o", True, "max_tokens", "json_schema", 128_000),
    "gpt-4.1": ModelProfile("gpt-4.1", True, "max_completion_tokens", "json_schema", 1_000_000),
    "gpt-5": ModelProfile("gpt-5", False, "max_completion_tokens", "json_schema", 400_000, "low"),
    "o-series": ModelProfile("o-series", False, "max_completion_tokens", "json_schema", 200_000, "low"),
    # o1-mini / o1-preview predate structured outputs and reasoning_effort.
    "o1-legacy": ModelProfile(
        "o1-legacy", False, "max_completion_tokens", "none", 128_000, system_role="user"
    ),
    # Ollama, vLLM, LiteLLM, LM Studio...: the widely implemented subset, schema included
    # (vLLM guided decoding and Ollama `format` both honour json_schema).
    "compatible": ModelProfile("compatible", True, "max_tokens", "json_schema", 32_000),
    "compatible-json": ModelProfile("compatible-json", True, "max_tokens", "json_object", 8_000),
}

_BY_NAME: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^o1-(mini|preview)"), "o1-legacy"),
    (re.compile(r"^o\d"), "o-series"),
    (re.compile(r"^gpt-5"), "gpt-5"),
    (re.compile(r"^gpt-4\.1"), "gpt-4.1"),
    (re.compile(r"^(gpt-4o|chatgpt-4o)"), "gpt-4o"),
)


def profile_for(model: str, override: str | None = None) -> ModelProfile:
    """The profile named by `override`, else the one the model name implies, else "compatible".

    Provider prefixes ("openai/gpt-5", "azure/o3-mini") are ignored for the match.
    """
    if override:
        if override not in PROFILES:
            raise ValueError(f"unknown model profile {override!r}; choose one of {', '.join(PROFILES)}")
        return PROFILES[override]
    bare = model.lower().rsplit("/", 1)[-1]
    for pattern, name in _BY_NAME:
        if pattern.match(bare):
            return PROFILES[name]
    return PROFILES["compatible"]
