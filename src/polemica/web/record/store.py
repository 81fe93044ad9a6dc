"""The ledger's NodeStore protocol on the database: one table of (org, level, index) → hash."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import connection

from polemica.ledger.store import Node, NodeKey
from polemica.web.base.prepared import Insert
from polemica.web.record.models import LedgerNode

# Every append stores a leaf's nodes (base.prepared: no compiling per statement).
_nodes = Insert(LedgerNode)


class DatabaseNodeStore:
    """The Merkle tree of one organization's log; the size is the log head's size.

    `put_nodes` runs inside the caller's transaction (the append), which also moves the head.
    """

    # The log head is moved by the append itself (record.log), together with the root.

    def __init__(self, org: str, size: int, known: Mapping[NodeKey, bytes] | None = None) -> None:
        self.org = org
        self._size = size
        # Nodes the caller already read (the right edge, read with the log's lock): a request
        # for only these is answered without a query.
        self._known = dict(known or {})

    def size(self) -> int:
        return self._size

    def get_nodes(self, keys: Sequence[NodeKey]) -> list[bytes]:
        if not keys:
            return []
        if self._known and all(k in self._known for k in keys):
            return [self._known[k] for k in keys]
        # Plain SQL: an ORM filter of one OR term per node took longer to compile than to run,
        # and a tree another process moved reads its right edge this way under the write lock.
        q = connection.ops.quote_name
        match = " OR ".join([f"({q('level')} = %s AND {q('index')} = %s)"] * len(keys))
        sql = (
            f"SELECT {q('level')}, {q('index')}, {q('digest')} FROM {q(LedgerNode._meta.db_table)}"
            f" WHERE {q('org')} = %s AND ({match})"
        )
        params: list[str | int] = [self.org]
        for level, index in keys:
            params += [level, index]
        with connection.cursor() as cur:
            cur.execute(sql, params)
            found = {(lv, ix): bytes(d) for lv, ix, d in cur.fetchall()}
        out = []
        for key in keys:
            if key not in found:
                raise KeyError(f"node {key} of {self.org}'s log is not stored")
            out.append(found[key])
        return out

    def put_nodes(self, nodes: Sequence[Node], new_size: int) -> None:
        _nodes.rows(
            [{"org": self.org, "level": lv, "index": ix, "digest": h} for lv, ix, h in nodes]
        )
        self._size = new_size
