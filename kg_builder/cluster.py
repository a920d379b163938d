"""Extraction on a cluster, writing Parquet shards: Dask (dask.distributed) or Ray.

Dask: batches of files go to worker processes (one thread each) as tasks, their bytes with them,
so workers need no shared file system; each worker loads the pipeline once (get_nlp caches it in
the process) and sends back the batch's shard records, which this process writes as part files,
a few batches in flight at a time so that memory stays bounded. Without an address, a local
cluster of `workers` processes runs here. Ray: Ray Data maps the files through a class whose
instances each load the pipeline once (an actor pool of `workers` actors, one CPU each) and writes
the tables to the target (a local directory here; on a cluster, storage every node reaches, such
as s3://…). Both are optional extras: `pip install 'policykg[dask]'` or `'policykg[ray]'`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg_builder.errors import Unavailable
from kg_builder.ingest import CorpusFile
from kg_builder.shards import SCHEMAS

BATCH = 8  # files per task: enough to amortise a task, few enough to spread a small corpus


class EngineMissing(Unavailable):
    """The engine asked for is not installed."""


def extract_with_dask(files: list[CorpusFile], target: Path, *, workers: int, address: str | None = None) -> list[str]:
    """Extract the files on Dask into shards at `target`; the errors of the files that failed."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as err:
        raise EngineMissing("the Dask engine is an optional extra: pip install 'policykg[dask]'") from err
    from kg_builder.shards import write_records

    batches = [files[i : i + BATCH] for i in range(0, len(files), BATCH)]
    errors: list[str] = []
    cluster = None if address else LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
    try:
        with Client(address or cluster) as client:

            def submit(i: int) -> Any:
                items = [(f.key, f.path.read_bytes()) for f in batches[i]]
                return client.submit(_extract_batch, items, key=f"policykg-extract-{i:05d}")

            pending = as_completed([submit(i) for i in range(min(2 * workers, len(batches)))], with_results=True)
            following = min(2 * workers, len(batches))
            for future, (tables, failed) in pending:
                write_records(tables, target, future.key.rsplit("-", 1)[1])
                errors += failed
                if following < len(batches):
                    pending.add(submit(following))
                    following += 1
    finally:
        if cluster is not None:
            cluster.close()
    return errors


def _extract_batch(items: list[tuple[str, bytes]]) -> tuple[dict[str, list[dict[str, str]]], list[str]]:
    """In a Dask worker: a batch of files' shard records, and the files that failed."""
    from kg_builder.extract import extract_source
    from kg_builder.graph import source_graph
    from kg_builder.ingest import ingest_bytes
    from kg_builder.nlp.pipeline import get_nlp
    from kg_builder.shards import records

    nlp, graphs, errors = get_nlp(), [], []
    for key, data in items:
        try:
            graphs.append(source_graph(extract_source(ingest_bytes(data, key), nlp)))
        except Exception as err:  # noqa: BLE001 - one bad file must not lose the others' work
            errors.append(f"{key}: {type(err).__name__}: {err}")
    return records(graphs), errors


class _Extractor:
    """Runs in a Ray actor: the pipeline is loaded once, then each batch of files is extracted."""

    def __init__(self) -> None:
        from kg_builder.nlp.pipeline import get_nlp

        self.nlp = get_nlp()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from kg_builder.extract import extract_source
        from kg_builder.graph import source_graph
        from kg_builder.ingest import ingest_bytes
        from kg_builder.shards import records

        out: dict[str, list[Any]] = {column: [] for column in _COLUMNS}
        for key, data in zip(batch["key"], batch["data"], strict=True):
            try:
                tables = records([source_graph(extract_source(ingest_bytes(bytes(data), str(key)), self.nlp))])
            except Exception as err:  # noqa: BLE001 - one bad file must not lose the others' work
                tables = {"error": [{"source": str(key), "props": f"{type(err).__name__}: {err}"}]}
            for table, rows in tables.items():
                for row in rows:
                    out["table"].append(table)
                    for column in _COLUMNS[1:]:
                        out[column].append(row.get(column))
        return out


# Every table's rows in one stream, told apart by `table` (and the files that failed, as `error`).
_COLUMNS = ("table", *dict.fromkeys(c for schema in SCHEMAS.values() for c in schema.names))


def extract_with_ray(
    files: list[CorpusFile], target: Path | str, *, workers: int, address: str | None = None
) -> list[str]:
    """Extract the files on Ray into shards at `target`; the errors of the files that failed."""
    try:
        import ray
    except ImportError as err:
        raise EngineMissing("the Ray engine is an optional extra: pip install 'policykg[ray]'") from err
    import logging

    logging.getLogger("ray").setLevel(logging.WARNING)  # Ray Data reports each stage at INFO
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(
            logging_level=logging.WARNING,
            address=address,
            num_cpus=None if address else workers,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        items = [{"key": f.key, "data": f.path.read_bytes()} for f in files]
        out = (
            ray.data.from_items(items)
            .map_batches(_Extractor, batch_size=BATCH, concurrency=workers, num_cpus=1, batch_format="numpy")
            .materialize()
        )
        errors = [f"{r['source']}: {r['props']}" for r in out.filter(lambda r: r["table"] == "error").iter_rows()]
        for name, schema in SCHEMAS.items():
            part = out.filter(lambda r, n=name: r["table"] == n).select_columns(list(schema.names))
            part.write_parquet(f"{target}/{name}")
        return errors
    finally:
        if started_here:
            ray.shutdown()
