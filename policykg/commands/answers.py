"""The read side: named queries, briefings, counts and the RDF export."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg_builder.briefing import Kind
from kg_builder.service.answers import NATIONWIDE, Lanes
from kg_builder.store.queries import QueryError, get_query

if TYPE_CHECKING:
    from kg_builder.store import GraphStore

from policykg.commands.common import PasswordOption, StoreOption, UriOption, UserOption, err, open_store, writable_dir


def query(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="a named query; none lists them")] = None,
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="rows as JSON lines")] = False,
) -> None:
    """Run a named query: policykg query provinces --topic IPv6 [--genre plan] [--store neo4j]."""
    from kg_builder.store.queries import named_queries

    if name is None:
        for q in named_queries().values():
            usage = " ".join(f"--{p} X" if p in q.required else f"[--{p} X]" for p in q.params)
            typer.echo(f"{q.name} {usage}\n    {q.question}")
        typer.echo(f"followups --document X\n    {_FOLLOWUPS_HELP}")
        return
    params = _extra_params(ctx.args)
    in_force_on = params.pop("in_force_on", None) if name == "documents" else None
    if name == "followups":
        if set(params) != {"document"} or not params["document"]:
            raise QueryError("followups takes --document (a title, alias or 文号) and nothing else")
    elif name != "provinces":
        get_query(name).bind(params)
    target = open_store(store, uri, user, password)
    try:
        if name == "followups":
            rows = _followups(target, str(params["document"]))
        elif in_force_on is not None:
            rows = _in_force(target, params, in_force_on)
        else:
            rows = _provinces(target, params) if name == "provinces" else target.query(name, params)
    finally:
        target.close()
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    else:
        typer.echo(format_table(rows))
        typer.echo(f"({len(rows)} row{'' if len(rows) == 1 else 's'} from the {target.name} store)")


def _provinces(store: GraphStore, params: dict[str, str | None]) -> list[dict[str, object]]:
    """`query provinces` answered as the API's /provinces answers: a topic that is no vocabulary term
    matches the words of the texts (规模部署), and the filters are checked the same way."""
    from kg_builder.service import QueryService

    get_query("provinces").bind({k: v for k, v in params.items() if k != "topic"})  # unknown parameters
    service = QueryService(store)
    filters = service.filters(
        topic=params.get("topic"), genre=params.get("genre"), from_=params.get("from"), to=params.get("to")
    )
    return [{k: v for k, v in row.items() if k != "when"} for row in service.province_facts(filters)]


_FOLLOWUPS_HELP = (
    "Which documents implement or cite a document (its title, an alias or its 文号), by date, with issuer, "
    "level, province, the days since its date and the sentence that says so? (GET /followups)"
)


def _followups(store: GraphStore, document: str) -> list[dict[str, object]]:
    """`query followups` answered as /followups answers, one row per follow-up and its first sentence."""
    from kg_builder.service import QueryService

    answer = QueryService(store).followups(document)
    err(f"《{answer.document}》 {answer.number or ''} {answer.date or 'date unknown'}".replace("  ", " "))
    return [
        {
            **f.model_dump(exclude={"evidence"}),
            "source": f.evidence[0].source if f.evidence else None,
            "sentence": f.evidence[0].sentence if f.evidence else None,
        }
        for f in answer.followups
    ]


def _in_force(store: GraphStore, params: dict[str, str | None], day: str) -> list[dict[str, object]]:
    """`query documents --in-force-on DAY` answered as /documents?in_force_on= answers, with the status."""
    from kg_builder.service import QueryService

    service = QueryService(store)
    filters = service.filters(
        topic=params.get("topic"),
        genre=params.get("genre"),
        province=params.get("province"),
        from_=params.get("from"),
        to=params.get("to"),
        in_force_on=day,
    )
    page = service.documents(filters, issuer=params.get("issuer"), number=params.get("number"), limit=10_000)
    return [
        {
            "document": d.document,
            "number": d.number,
            "issuer": d.issuer,
            "date": d.date,
            "in_force_from": d.validity.in_force_from if d.validity else None,
            "in_force_until": d.validity.in_force_until if d.validity else None,
            "status": d.validity.status if d.validity else None,
        }
        for d in page.items
    ]


def _extra_params(args: list[str]) -> dict[str, str | None]:
    params: dict[str, str | None] = {}
    i = 0
    while i < len(args):
        key = args[i]
        if not key.startswith("--") or i + 1 >= len(args):
            raise QueryError(f"parameters are given as --name value; got {' '.join(args[i:])!r}")
        params[key[2:].replace("-", "_")] = args[i + 1]
        i += 2
    return params


def format_table(rows: list[dict[str, object]]) -> str:
    """Rows as aligned columns; Chinese characters count as two columns wide. IRIs (…_id columns)
    are left to --json, which prints every column."""
    if not rows:
        return "(no rows)"
    columns = [c for c in rows[0] if not c.endswith("_id")] or list(rows[0])
    cells = [[("" if r[c] is None else str(r[c])) for c in columns] for r in rows]
    widths = [max(_width(x) for x in [c, *(row[i] for row in cells)]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)])


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def export(
    fmt: Annotated[str, typer.Option("--format", help="turtle, jsonld, nt, nq or trig")] = "turtle",
    out: Annotated[Path | None, typer.Option("--out", help="file to write; default stdout")] = None,
) -> None:
    """Write the embedded store's graph as RDF."""
    import tempfile

    from kg_builder.store.embedded import EmbeddedStore

    target = open_store("embedded", None, None, None)
    assert isinstance(target, EmbeddedStore)  # open_store("embedded") gives one
    try:
        if out is None:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "graph"
                target.export(path, fmt)
                sys.stdout.write(path.read_text(encoding="utf-8"))
        else:
            target.export(out, fmt)
            err(f"wrote {out}")
    finally:
        target.close()


def brief(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="directory for the picture (brief, map or timeline .svg and .png) and brief.html, .md, .csv"
        ),
    ],
    topic: Annotated[str | None, typer.Option(help="a topic name or alias: IPv6, 网络安全")] = None,
    province: Annotated[str | None, typer.Option(help="a province: 吉林 or 吉林省")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="earliest date or period, ISO: 2021-01")] = None,
    to: Annotated[str | None, typer.Option("--to", help="latest date or period, ISO: 2021-12")] = None,
    genre: Annotated[str | None, typer.Option(help="a genre: plan or 规划方案")] = None,
    issuer_level: Annotated[str | None, typer.Option(help="national or provincial")] = None,
    in_force_on: Annotated[
        str | None, typer.Option(help="a day, 2024-06-01: only the documents in force that day")
    ] = None,
    kind: Annotated[
        Kind,
        typer.Option(
            help="graph (provinces → agencies → documents), map (of China, by documents), timeline, or diffusion "
            "(how --document spread: a map by lag and a timeline)"
        ),
    ] = "graph",
    document: Annotated[
        str | None, typer.Option(help="the document a diffusion briefing follows: a title, alias or 文号")
    ] = None,
    lanes: Annotated[Lanes, typer.Option(help="a timeline's lanes: province or issuer_level")] = "province",
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
) -> None:
    """A briefing: a picture (provinces → issuing agencies → dated documents, a map of China or a timeline), a
    page with every picture and the table (brief.html), and the table with the source of each row (.md, .csv)."""
    from kg_builder.briefing import picture, render
    from kg_builder.service import QueryService

    if (kind == "diffusion") != (document is not None):
        raise QueryError("--kind diffusion takes --document (a title, alias or 文号), and --document needs it")
    target = open_store(store, uri, user, password)
    try:
        service = QueryService(target)
        if document is not None:
            made = service.diffusion(document)
            kinds: list[Kind] = ["map", "timeline"]
        else:
            made = service.brief(
                service.filters(
                    topic=topic,
                    province=province,
                    genre=genre,
                    issuer_level=issuer_level,
                    from_=from_,
                    to=to,
                    in_force_on=in_force_on,
                )
            )
            kinds = [kind]
        files = {
            f"{'brief' if k == 'graph' else k}.{fmt}": picture(made, fmt, k, lanes)
            for k in kinds
            for fmt in ("svg", "png")
        }
        files.update({f"brief.{fmt}": render(made, fmt, kind, lanes) for fmt in ("html", "md", "csv")})
    finally:
        target.close()
    writable_dir(out)  # after drawing: a briefing that cannot be drawn leaves no directory behind
    for name, body in files.items():
        (out / name).write_bytes(body)
    provinces = sorted({r.province for r in made.rows} - {NATIONWIDE})
    written = f"in {out}/{{{','.join(files)}}}"
    if made.followed is not None:
        national = sum(1 for r in made.rows if r.province == NATIONWIDE)
        typer.echo(
            f"{made.caption()}: followed by {len(provinces)} provinces ({', '.join(provinces) or 'none'}) "
            f"and {national} national documents {written}"
        )
    else:
        typer.echo(
            f"{len(made.rows)} facts from {len(provinces)} provinces ({', '.join(provinces) or 'none'}) {written}"
        )


def search(
    words: Annotated[str, typer.Argument(help="what the texts say: 数字化转型 教师, IPv6 规模部署")],
    province: Annotated[str | None, typer.Option(help="a province: 吉林 or 吉林省")] = None,
    issuer: Annotated[str | None, typer.Option(help="an issuing agency: 河北省教育厅")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="earliest date or period, ISO: 2021-01")] = None,
    to: Annotated[str | None, typer.Option(help="latest date or period, ISO: 2021-12")] = None,
    limit: Annotated[int, typer.Option(help="how many sentences")] = 10,
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="hits as JSON lines")] = False,
) -> None:
    """Search what the texts say: the sentences that state facts, best first (by BM25, fused with the nearest in
    meaning when the semantic extra is installed), each with its document and source (GET /search/text)."""
    from kg_builder.service import QueryService
    from kg_builder.service.semantic import Embeddings
    from kg_builder.settings import get_settings

    target = open_store(store, uri, user, password)
    embeddings = Embeddings.of(get_settings())
    try:
        hits = QueryService(target, embeddings).search_text(
            words, province=province, issuer=issuer, from_=from_, to=to, limit=limit
        )
    finally:
        target.close()
        if embeddings is not None:
            embeddings.close()
    for hit in hits:
        if as_json:
            typer.echo(hit.model_dump_json())
            continue
        marked, last = "", 0
        for start, end in hit.highlights:  # the words asked, in brackets
            marked += hit.sentence[last:start] + "【" + hit.sentence[start:end] + "】"
            last = end
        where = " · ".join(x for x in (hit.document and f"《{hit.document}》", hit.issuer, hit.province, hit.date) if x)
        typer.echo(f"{hit.score:<8.4g}  {marked + hit.sentence[last:]}\n        {where} ({hit.source})")
    if not as_json:
        typer.echo(f"({len(hits)} sentence{'' if len(hits) == 1 else 's'} from the {target.name} store)")


def stats(
    store: StoreOption = None, uri: UriOption = None, user: UserOption = None, password: PasswordOption = None
) -> None:
    """Counts of nodes by label and facts by relationship type."""
    from kg_builder.service import counts

    target = open_store(store, uri, user, password)
    try:
        found = counts(target)
    finally:
        target.close()
    typer.echo(format_table([{"type": k, "count": v} for k, v in found.items()]))
