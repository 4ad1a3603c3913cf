"""Where the tests find the shared data: the repository's parent folder holds ``shared/``."""

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEV = SHARED / "data" / "reports-dev"
SEED = SHARED / "seed" / "000_f381d2065afaaaf4.txt"

needs_shared = pytest.mark.skipif(
    not DEV.is_dir(), reason=f"shared data not found at {SHARED} (clone beside ../shared)"
)


def dev_index() -> list[dict]:
    if not DEV.is_dir():
        return []
    with (DEV / "index.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dev_labels() -> list[dict]:
    with (DEV / "labels.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
