"""Serving: the API and explorer (serve), the main job (run) and the local Neo4j server (neo4j)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from kg_builder.errors import BadInput, Unavailable
from policykg.commands.common import (
    HostOption,
    PasswordOption,
    PortOption,
    StoreOption,
    UriOption,
    UserOption,
    open_store,
)

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"  # in a source checkout only


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="check that the store opens and the port is free, then exit")
    ] = False,
) -> None:
    """Serve the query API (OpenAPI docs at /docs), the explorer (/ui) and briefings (/brief) over the
    configured store."""
    port_free(host, port)
    if check:
        open_store(store, uri, user, password).close()
        typer.echo(f"ready to serve on {host}:{port}")
        return
    _serve(host, port, store, uri, user, password)


def port_free(host: str, port: int) -> None:
    """Fail at once, before any work, when another program listens on the port (uvicorn would find
    out only after the store is open and the app made)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as error:
            raise Unavailable(
                f"cannot listen on {host}:{port}: {error.strerror}; stop the program using it or choose "
                "another port: --port N, POLICYKG_API_PORT=N, or `make run PORT=N`"
            ) from error


def _serve(host: str, port: int, store: str | None, uri: str | None, user: str | None, password: str | None) -> None:
    import uvicorn

    from api.main import create_app
    from kg_builder.settings import get_settings

    target = open_store(store, uri, user, password, serving=True)
    base = f"http://{'localhost' if host == '127.0.0.1' else host}:{port}"  # the name Neo4j Browser accepts
    typer.echo(
        f"policykg on {base}/ ({target.name} store)\n  explorer:     {base}/ui?q=IPv6\n"
        f"  API docs:     {base}/docs (try {base}/provinces?topic=IPv6)\n"
        f"  briefing:     {base}/brief?topic=IPv6&format=html\n"
        f"  Neo4j Browser: :style {base}/neo4j/style.grass  then  :play {base}/neo4j/guide.html"
    )
    uvicorn.run(create_app(get_settings(), store=target), host=host, port=port, log_level="warning")


def run(
    corpus: Annotated[
        Path | None,
        typer.Argument(
            help="files to build into the store (default: the checkout's data/samples when the store is empty)"
        ),
    ] = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """The main job: build the corpus into the embedded store (the samples when the store is empty and
    none is given), then serve it."""
    from kg_builder.service import counts
    from policykg.commands.graph import build

    port_free(host, port)
    target = open_store("embedded", None, None, None)
    empty = counts(target)["SourceReport"] == 0
    target.close()
    if corpus is None and empty:
        if not SAMPLES.is_dir():
            raise BadInput(
                "the embedded store is empty and there are no samples here: give a corpus, `policykg run DIR`"
            )
        corpus = SAMPLES
    if corpus is not None:
        build([corpus], store="embedded", uri=None, user=None, password=None, validate=True, workers=None, force=False)
    _serve(host, port, "embedded", None, None, None)


neo4j_app = typer.Typer(help="The local Neo4j Community server (installed from Maven Central).", no_args_is_help=True)


def _server():  # noqa: ANN202
    from kg_builder.settings import get_settings
    from kg_builder.store.neo4j_server import Neo4jServer

    return Neo4jServer(get_settings())


@neo4j_app.command("install")
def neo4j_install() -> None:
    """Copy the Neo4j 5.26 server and Browser jars with mvn; write a loopback config and a password."""
    from policykg.commands.common import err

    _server().install(log=err)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the server in the background and wait until it answers."""
    server = _server()
    server.start()
    typer.echo(
        f"Neo4j is running: {server.bolt_uri} (user neo4j, password in {server.password_file}); "
        f"Browser at {server.browser_url}"
    )


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the server."""
    typer.echo("Neo4j stopped" if _server().stop() else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Whether the server is installed, running and answering."""
    server = _server()
    pid = server.pid()
    state = "running" if pid and server.responding() else ("starting or not answering" if pid else "stopped")
    typer.echo(f"installed: {server.installed} ({server.home}); {state}" + (f" (pid {pid})" if pid else ""))
    if pid is None:
        raise typer.Exit(3)


@neo4j_app.command("guide")
def neo4j_guide(port: Annotated[int, typer.Option(help="loopback port to serve on")] = 8001) -> None:
    """Serve the Browser guide (:play) and style (:style) made from cypher/ on localhost."""
    from kg_builder.store.browser_guide import serve_guide

    server = serve_guide(port)
    typer.echo(
        f"In Neo4j Browser ({_server().browser_url}) run:\n"
        f"  :style http://localhost:{port}/style.grass\n  :play http://localhost:{port}/policykg.html\n"
        "Ctrl-C stops serving."
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
