"""POST /api/ingest: add documents to the store through the local engine (token-protected)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from ..engines.local import LocalEngine
from .app import json_response

MAX_DOCUMENTS = 1_000


class IngestDocument(BaseModel):
    """One document, as in a JSONL input line."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=500, description="Document id (default: derived from the text)")
    text: str = Field(..., min_length=1, description="Article text (plain text)")
    url: str | None = Field(None, max_length=4_000)
    outlet: str | None = Field(None, max_length=500)
    published: str | None = Field(None, max_length=64, description="ISO date or datetime")
    title: str | None = Field(None, max_length=2_000)
    language: str | None = Field(None, max_length=16)


class IngestRequest(BaseModel):
    """A batch of documents to analyse into the store."""

    model_config = ConfigDict(extra="forbid")
    documents: list[IngestDocument] = Field(..., min_length=1, max_length=MAX_DOCUMENTS)


def register_ingest(app: FastAPI) -> None:
    """Add the ingest endpoint (only called when the server allows ingest)."""
    @app.post("/api/ingest", tags=["api"], summary="Add documents (needs the access token) and analyse them")
    def ingest(request: Request, body: IngestRequest) -> Response:
        store = request.app.state.store
        with tempfile.TemporaryDirectory(prefix="newstrace-ingest-") as tmp:
            path = Path(tmp) / "web-ingest.jsonl"
            with path.open("w", encoding="utf-8") as f:
                for d in body.documents:
                    f.write(json.dumps(d.model_dump(exclude_none=True), ensure_ascii=False) + "\n")
            store.wait_index()                       # no index build reading while the engine writes
            with store.connection():
                stats = LocalEngine(store.store, request.app.state.settings, jobs=1).analyze([str(path)])
                store.invalidate()
        return json_response(stats.as_dict())
