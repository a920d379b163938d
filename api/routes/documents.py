"""Documents: finding them, what they cite and whom they address; uploading a new one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from api.deps import FiltersDep, ServiceDep, SettingsDep, StoreDep
from api.models import Upload
from api.responses import AnswerJSON
from api.slots import in_slot
from kg_builder.service.answers import AddressedRow, CitationRow, FollowUps, Page
from kg_builder.service.semantic import embed_report
from kg_builder.service.write import GraphWriter
from kg_builder.settings import private_dir
from kg_builder.store import StoreDown
from kg_builder.uploads import Uploaded, UploadExtractor
from kg_builder.workers import TimedOut, WorkerFailed

router = APIRouter(tags=["documents"])
uploads = APIRouter(tags=["documents"])
MAX_UPLOAD = 5_000_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NAME_MAX = 255  # bytes in a file name, on Linux file systems: the upload is kept under its name


@router.get("/documents", response_model=Page)
def documents(
    service: ServiceDep,
    filters: FiltersDep,
    issuer: str | None = Query(None, examples=["河北省教育厅"]),
    number: str | None = Query(
        None, max_length=80, examples=["国核安函〔2022〕42号"], description="文号, with any brackets around the year"
    ),
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> AnswerJSON:
    """Documents by issuer, province, topic, genre, 文号, period and whether they are in force on a day,
    sorted by date; each with its status (现行有效, 已废止 …) and the facts that decide it."""
    return AnswerJSON(service.documents(filters, issuer=issuer, number=number, offset=offset, limit=limit))


@router.get("/citations", response_model=list[CitationRow])
def citations(
    service: ServiceDep,
    document: str = Query(
        ..., min_length=1, max_length=300, examples=["关于发布核安全导则《核技术利用设施退役》的通知"]
    ),
) -> list[CitationRow]:
    """What a document cites and what cites it; what it repeals and what repealed it."""
    return service.citations(document)


@router.get("/followups", response_model=FollowUps)
def followups(
    service: ServiceDep,
    document: str = Query(..., min_length=1, max_length=300, examples=["教育信息化2.0行动计划", "教技〔2018〕6号"]),
) -> FollowUps:
    """The documents that implement or cite a document (its title or 文号), each with its issuer, province,
    date and the days since the followed document's date."""
    return service.followups(document)


@router.get("/addressed", response_model=list[AddressedRow])
def addressed(
    service: ServiceDep, agency: str = Query(..., min_length=1, max_length=100, examples=["海关总署"])
) -> list[AddressedRow]:
    """Official documents addressed (主送) or copied (抄送) to a body."""
    return service.addressed(agency)


@uploads.post(
    "/documents",
    response_model=Upload,
    status_code=201,
    responses={
        401: {"description": "uploads need X-API-Key"},
        413: {"description": "larger than 5 MB, or its extraction ran past POLICYKG_API_UPLOAD_TIMEOUT"},
        415: {"description": "a file type policykg does not read"},
        422: {"description": "a file name over 255 bytes, or content that is not text"},
        503: {"description": "extracted but not loaded (the file is kept), or the upload worker is busy"},
    },
)
async def upload(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    file: UploadFile,
    x_api_key: Annotated[str | None, Header(description="the key in POLICYKG_API_KEY")] = None,
) -> Upload:
    """Upload a brief or a document (.txt, .html or .md in any common encoding; .pdf, .docx, .doc, .wps or .ofd) to
    extract and load; replaces the facts of an earlier upload of the same file name. Needs the API key."""
    # The key and the size were checked before the body was read (api/guard.py).
    # Extraction runs in a worker process (kg_builder/uploads.py); the ingest errors it may send back are
    # imported when a file comes: the API's reads never load extraction code.
    from kg_builder.ingest import IngestError, UnsupportedFile
    from kg_builder.readers import FileTooLarge

    name = _CONTROL.sub("", Path(file.filename or "").name) or "upload.txt"
    if len(name.encode("utf-8")) > _NAME_MAX:
        raise HTTPException(422, f"{name[:40]}…: the file name is longer than {_NAME_MAX} bytes; shorten it")
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(413, f"{name}: larger than {MAX_UPLOAD // 1_000_000} MB")
    key = f"uploads/{name}"  # uploads never replace the facts of a corpus file of the same name
    extractor: UploadExtractor = request.app.state.uploads
    timeout = settings.api_upload_timeout

    def extract() -> Uploaded:
        return extractor.extract(data, key, timeout=timeout)

    try:
        uploaded = await in_slot(request.app.state.upload_slots, timeout, extract, busy="the upload worker stayed busy")
    except UnsupportedFile as err:
        raise HTTPException(415, str(err).removeprefix("uploads/")) from err
    except IngestError as err:
        raise HTTPException(422, str(err)) from err
    except FileTooLarge as err:  # a zip bomb, a PDF of thousands of pages
        raise HTTPException(413, str(err).removeprefix("uploads/")) from err
    except TimedOut as err:
        raise HTTPException(
            413, f"{name}: extraction ran past {timeout:g} s (POLICYKG_API_UPLOAD_TIMEOUT); split the file"
        ) from err
    except WorkerFailed as err:  # the worker died on this file; the next upload gets a new one
        raise HTTPException(422, f"{name}: extraction failed: {err}") from err
    kept = settings.home / key
    private_dir(kept.parent)
    kept.write_bytes(data)
    try:
        report = await run_in_threadpool(GraphWriter(store).write, [uploaded.graph])
    except StoreDown as err:
        raise HTTPException(
            503,
            f"{name}: extracted but not loaded, the store is down ({err}); the file is kept in {kept}",
            headers={"Retry-After": "30"},
        ) from err
    if report.failures:
        raise HTTPException(
            503,
            f"{name}: extracted but not loaded: {'; '.join(report.failures)}; the file is kept in {kept}",
            headers={"Retry-After": "30"},
        )
    embeddings = request.app.state.service.embeddings
    if embeddings is not None:  # its sentences searchable by meaning at once (the semantic extra)
        await run_in_threadpool(embed_report, uploaded.graph, embeddings)
    return Upload(source=key, **uploaded.summary)
