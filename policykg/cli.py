"""The `policykg` command: the subcommands (policykg/commands/), their help, and one place that turns
policykg's errors into a one-line message and the exit code their class gives (kg_builder/errors.py)."""

from __future__ import annotations

import re
import sys
from typing import Any

import typer

from kg_builder.errors import PolicyKGError
from policykg.commands import answers, corpus, graph, serving

app = typer.Typer(
    help="policykg: a knowledge graph of Chinese education-informatization policy texts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(corpus.setup)
app.command()(corpus.extract)
app.command("eval")(corpus.evaluate)
app.command()(graph.build)
app.command()(graph.embed)
app.command()(graph.load)
app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(answers.query)
app.command()(answers.export)
app.command()(answers.brief)
app.command()(answers.stats)
app.command()(answers.search)
app.command()(serving.serve)
app.command()(serving.run)
app.add_typer(serving.neo4j_app, name="neo4j")


def _tidy(command: Any) -> None:  # typer's own copy of click.Command
    """Help as a user reads it: a docstring's paragraphs joined (the command list otherwise breaks them
    where the source wraps), and values named by their option (OUT, PATHS...), never by a type tag
    such as <bool> or <list[Path]>."""
    if command.help:
        command.help = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", command.help))
    for param in command.params:
        _named_value(param)
    help_option = command.get_help_option

    def named_help_option(ctx: Any) -> Any:
        option = help_option(ctx)
        if option is not None:
            _named_value(option)
        return option

    command.get_help_option = named_help_option
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub)


def _named_value(param: Any) -> None:
    flag = bool(getattr(param, "is_flag", False))
    if param.metavar is None and not flag:
        param.metavar = (param.name or "value").upper() + ("..." if param.nargs == -1 else "")
    name = None if flag else param.metavar
    param.display_type_rich = lambda ctx, name=name: name


def main() -> None:
    command = typer.main.get_command(app)
    _tidy(command)
    try:
        command(prog_name="policykg")
    except PolicyKGError as error:
        typer.echo(f"policykg: {error}", err=True)
        sys.exit(error.exit_code)
    except OSError as error:  # a file that cannot be read or written: its name and why, not a traceback
        typer.echo(f"policykg: {error.strerror or error}" + (f": {error.filename}" if error.filename else ""), err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
