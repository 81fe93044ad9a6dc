"""`polemica log …`: build, inspect, prove and export a log (the record)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from polemica.cli.errors import UserError
from polemica.cli.ledger_common import KEY_HELP, open_log
from polemica.cli.progress import advancer, task, track
from polemica.events import iter_events, write_events

if TYPE_CHECKING:
    from polemica.ledger.commit import OpenedEvent

FORMATS = click.Choice(["text", "json"])


@click.group("log")
def log_group() -> None:
    """Build, inspect, prove and export a log: the record that cannot be rewritten."""


@log_group.command("build")
@click.argument("events", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path), help="The log directory."
)
@click.option("--origin", help="The log's name in its checkpoints (default: polemica/<org>).")
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path), help=KEY_HELP)
def build_cmd(events: Path, out: Path, origin: str | None, key: Path | None) -> None:
    """Build a signed log from EVENTS (JSON Lines or Parquet); nothing is written on error."""
    from polemica.ledger.keys import check_name, load_or_create_signer

    if out.exists():
        raise UserError(f"{out} already exists; choose a new log directory.")
    stream = iter_events(events)
    first = next(stream, None)
    if first is None:
        raise UserError(f"{events} holds no events.")
    origin = origin or f"polemica/{first.org}"
    try:
        check_name(origin)
    except ValueError:
        raise UserError(
            f"{origin!r} cannot name a log (no spaces or '+'); give --origin."
        ) from None
    signer = load_or_create_signer(origin, key)
    from polemica.ledger.build import build_log

    with task("building", None) as bar:
        result = build_log(
            itertools.chain([first], stream),
            out,
            signer,
            progress=advancer(bar),
        )
    click.echo(f"built {out}: {result.size} events, {result.erased} erasure(s) applied")
    click.echo(result.checkpoint, nl=False)


@log_group.command("show")
@click.argument("log", type=click.Path(path_type=Path))
@click.option("--seq", type=int, required=True, help="The event's seq (1, 2, 3, …).")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def show_cmd(log: Path, seq: int, fmt: str) -> None:
    """Show one event of LOG; erased personal text is shown as erased."""
    with open_log(log) as opened:
        found = opened.event(seq)
        digest = opened.tree.leaf_hash_at(seq - 1).hex()
    obj = shown(found)
    if fmt == "json":
        click.echo(json.dumps({"seq": seq, "leaf_hash": digest, "event": obj}, ensure_ascii=False))
        return
    click.echo(f"event {seq} (leaf index {seq - 1}, leaf hash {digest})")
    click.echo(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True))
    for name in found.erased:
        click.echo(f"data.{name}: erased (its commitment stays in the log)")


def shown(found: OpenedEvent) -> dict[str, Any]:
    obj = found.event.to_dict()
    for name in found.erased:
        obj["data"][name] = {"erased": True, "commit": found.commitments[name]}
    return obj


@log_group.command("stats")
@click.argument("log", type=click.Path(path_type=Path))
def stats_cmd(log: Path) -> None:
    """Summarize LOG: size, root, origin, key, events per kind, erasures."""
    with open_log(log) as opened:
        size = opened.tree.size
        kinds: dict[str, int] = {}
        erased = 0
        for seq in track(range(1, size + 1), total=size, label="reading"):
            leaf = json.loads(opened.leaf(seq - 1))
            kinds[leaf.get("kind", "?")] = kinds.get(leaf.get("kind", "?"), 0) + 1
            erased += bool(opened.openings(seq - 1).erased)
        click.echo(f"log        {log}")
        click.echo(f"origin     {opened.manifest.origin}")
        click.echo(f"events     {size}")
        click.echo(f"root       {opened.tree.root().hex()}")
        click.echo(f"key        {opened.verifier.text()}")
        click.echo(f"erased     {erased} event(s) with erased personal text")
        click.echo(f"bytes      {sum(p.stat().st_size for p in log.rglob('*') if p.is_file())}")
    for kind in sorted(kinds):
        click.echo(f"  {kind:28} {kinds[kind]}")


@log_group.command("prove")
@click.argument("log", type=click.Path(path_type=Path))
@click.option("--seq", type=int, help="Prove that event SEQ is in the log (inclusion).")
@click.option("--size", type=int, help="The tree size to prove against (default: the log's).")
@click.option("--from", "first", type=int, help="Prove that the log of size FROM …")
@click.option("--to", "second", type=int, help="… is a prefix of the log of size TO.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def prove_cmd(
    log: Path,
    seq: int | None,
    size: int | None,
    first: int | None,
    second: int | None,
    fmt: str,
) -> None:
    """Print an RFC 9162 inclusion proof (--seq) or consistency proof (--from, --to)."""
    if (seq is None) == (first is None and second is None):
        raise click.UsageError("give either --seq N or --from A --to B.")
    with open_log(log) as opened:
        tree = opened.tree
        if seq is not None:
            size = tree.size if size is None else size
            if not 1 <= seq <= size:
                raise UserError(f"event {seq} is not in a tree of {size} events.")
            out: dict[str, Any] = {
                "tree_size": size,
                "leaf_index": seq - 1,
                "leaf_hash": tree.leaf_hash_at(seq - 1).hex(),
                "root": tree.root(size).hex(),
                "path": [h.hex() for h in tree.inclusion_proof(seq - 1, size)],
            }
        else:
            if first is None or second is None:
                raise click.UsageError("--from and --to go together.")
            if not 0 <= first <= second <= tree.size:
                raise UserError(f"sizes must satisfy 0 ≤ FROM ≤ TO ≤ {tree.size}.")
            out = {
                "first": first,
                "second": second,
                "first_root": tree.root(first).hex(),
                "second_root": tree.root(second).hex(),
                "proof": [h.hex() for h in tree.consistency_proof(first, second)],
            }
    if fmt == "json":
        click.echo(json.dumps(out))
    else:
        click.echo(_proof_text(out))


def _proof_text(out: dict[str, Any]) -> str:
    if "leaf_index" in out:
        head = [
            f"inclusion of leaf {out['leaf_index']} (event {out['leaf_index'] + 1}) "
            f"in the tree of {out['tree_size']} events",
            f"leaf hash   {out['leaf_hash']}",
            f"root        {out['root']}",
        ]
        hashes = out["path"]
    else:
        head = [
            f"consistency of the tree of {out['first']} events with the tree of {out['second']}",
            f"first root  {out['first_root']}",
            f"second root {out['second_root']}",
        ]
        hashes = out["proof"]
    lines = [f"  {i:2d}. {h}" for i, h in enumerate(hashes, start=1)] or ["  (empty)"]
    return "\n".join([*head, "proof:", *lines])


@log_group.command("export")
@click.argument("log", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The events file to write (.jsonl, .jsonl.gz or .parquet).",
)
def export_cmd(log: Path, out: Path) -> None:
    """Write LOG's events to a file; erased personal text is written as an empty string."""
    with open_log(log) as opened:
        size = opened.tree.size
        events = (opened.event(seq).readable() for seq in range(1, size + 1))
        count = write_events(out, track(events, total=size, label="exporting"))
    click.echo(f"wrote {count} events to {out}")


@log_group.command("receipt")
@click.argument("log", type=click.Path(path_type=Path))
@click.option("--seq", type=int, required=True, help="The event the receipt is for.")
@click.option(
    "--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="Write it to a file."
)
def receipt_cmd(log: Path, seq: int, out: Path | None) -> None:
    """Print (or write) a receipt for event SEQ: its leaf, an inclusion proof, the checkpoint."""
    from polemica.ledger.receipt import make_receipt

    with open_log(log) as opened:
        text = json.dumps(make_receipt(opened, seq), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote the receipt of event {seq} to {out}")


@log_group.command("demo")
@click.option(
    "--dir",
    "workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".polemica"),
    show_default=True,
    help="Where the demonstration events and log are written.",
)
def demo_cmd(workdir: Path) -> None:
    """Write the small demonstration organization as events, build and verify its log."""
    import shutil

    from polemica.events.world import small_world
    from polemica.ledger.build import build_log
    from polemica.ledger.keys import load_or_create_signer
    from polemica.ledger.verify import verify_log

    workdir.mkdir(parents=True, exist_ok=True)
    events_path = workdir / "demo-events.jsonl"
    count = write_events(events_path, small_world())
    kinds = {event.kind for event in small_world()}
    click.echo(f"demonstration organization: {count} events of {len(kinds)} kinds in {events_path}")
    log_path = workdir / "demo-log"
    shutil.rmtree(log_path, ignore_errors=True)
    signer = load_or_create_signer("polemica/org-1")
    built = build_log(small_world(), log_path, signer)
    result = verify_log(log_path, signer.verifier)
    if result.failure is not None:
        raise UserError(f"the demonstration log does not verify: {result.failure}")
    click.echo(f"record: {built.size} events in {log_path}, verified; its signed checkpoint:")
    click.echo(built.checkpoint, nl=False)
    click.echo(f"try: polemica verify {log_path}")
    click.echo(f"     polemica log show {log_path} --seq 51")
    click.echo(f"     polemica log prove {log_path} --seq 31 --format json")
