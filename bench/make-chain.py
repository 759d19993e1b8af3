#!/usr/bin/env python3
"""Writes a valid ledger chain of N events (default 1,000,000) as JSON Lines, in the shape of CopyrightLedger's
events (canonical JSON: sorted keys, no spaces), each about 330 bytes: `python3 bench/make-chain.py OUT [N]`."""
import hashlib, json, sys

out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
prev = "0" * 64
with open(out, "wb") as f:
    for seq in range(1, n + 1):
        blob = hashlib.sha256(seq.to_bytes(8, "big")).hexdigest()
        event = {"v": 1, "chain": "01a22c18-d041-7b23-b077-5f9cf4ecc3e7", "seq": seq, "prev": prev,
                 "at": "2026-11-30T11:00:00.0000000Z", "actor": {"id": "bench", "name": "Bench"}, "action": "file.upload",
                 "rows": [{"table": "Artifacts", "op": "insert", "key": {"Id": str(seq)}, "values": {"Sha256": blob}}], "blobs": [blob]}
        line = json.dumps(event, sort_keys=True, separators=(",", ":")).encode()
        f.write(line + b"\n")
        prev = hashlib.sha256(line).hexdigest()
