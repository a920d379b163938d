"""Answers as JSON, serialised by pydantic in one pass.

For a returned model FastAPI dumps it to Python objects, validates those against the response model
and encodes them again: about 5 ms of an entity page's 19 (259 facts, 100x graph). The routes whose
answers grow with the graph return this response instead; their decorators keep `response_model`,
which documents the answer in OpenAPI and is not applied to a returned Response.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Response
from pydantic import BaseModel


class AnswerJSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        answer: BaseModel | Sequence[BaseModel] = content
        if isinstance(answer, BaseModel):
            return answer.__pydantic_serializer__.to_json(answer)
        return b"[" + b",".join(m.__pydantic_serializer__.to_json(m) for m in answer) + b"]"
