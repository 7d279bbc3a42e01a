"""Throwaway benchmark for issue 14's "one schema" decision: load and check 100,000 stored dossiers with the
current dataclasses (orjson, ``typecheck.dossier_doc_problem``, ``Dossier.from_doc``) against msgspec Structs
(one ``msgspec.json.decode`` that validates and converts, dates included). Needs ``pip install msgspec``
(not a dependency of the project). Run::

    .venv/bin/python bench/msgspec_dossiers.py [--rows 100000] [--repeat 5]

Prints the best of ``--repeat`` runs of each path, in milliseconds, and the per-record cost.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402
import orjson  # noqa: E402

from qms_tui.domain.models import Dossier  # noqa: E402
from qms_tui.domain.typecheck import dossier_doc_problem  # noqa: E402


class DossierStruct(msgspec.Struct, kw_only=True):
    """The same fields and defaults as ``models.Dossier``, as a msgspec Struct."""

    code: str = ""
    procedure: str = ""
    channel: str = "direct"
    received: date | None = None
    due: date | None = None
    finished: date | None = None
    outcome: str | None = None
    pauses: list[dict[str, str | None]] = msgspec.field(default_factory=list)
    online_level: str | None = None
    paid_online: bool | None = None
    digitised: bool | None = None
    e_result: bool | None = None
    supplements: int | None = None


def documents(rows: int) -> list[dict]:
    rng = random.Random(rows)
    first = date(2022, 1, 3)
    out = []
    for i in range(rows):
        received = first + timedelta(days=rng.randrange(900))
        doc = {"code": f"HS-{i:06d}", "procedure": f"QT-{rng.randrange(55):02d}",
               "channel": rng.choice(("online", "direct", "postal")), "received": received.isoformat(),
               "due": (received + timedelta(days=rng.randrange(5, 40))).isoformat(), "finished": None,
               "outcome": None, "pauses": []}
        if rng.random() < 0.8:
            doc["finished"] = (received + timedelta(days=rng.randrange(1, 45))).isoformat()
            doc["outcome"] = "resolved"
        if rng.random() < 0.05:
            doc["pauses"] = [{"start": received.isoformat(), "end": None}]
        out.append(doc)
    return out


def current(raw: bytes) -> list[Dossier]:
    docs = orjson.loads(raw)
    for doc in docs:
        problem = dossier_doc_problem(doc)
        if problem:
            raise ValueError(problem)
    return [Dossier.from_doc(doc) for doc in docs]


DECODER = msgspec.json.Decoder(list[DossierStruct])


def with_msgspec(raw: bytes) -> list[DossierStruct]:
    return DECODER.decode(raw)


def convert_only(docs: list[dict]) -> list[DossierStruct]:
    return msgspec.convert(docs, list[DossierStruct])


def best(run, arg, repeat: int) -> float:
    """The fastest of ``repeat`` runs, the garbage collector paused as the store pauses it while loading."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        run(arg)
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    docs = documents(args.rows)
    raw = orjson.dumps(docs)
    assert [s.code for s in with_msgspec(raw)] == [d.code for d in current(raw)]
    assert with_msgspec(raw)[0].received == current(raw)[0].received
    decoded = orjson.loads(raw)
    rows = [
        ("orjson.loads only", best(orjson.loads, raw, args.repeat)),
        ("current: orjson + dossier_doc_problem + Dossier.from_doc", best(current, raw, args.repeat)),
        ("current: check + from_doc on decoded docs", best(lambda d: [Dossier.from_doc(x) for x in d
                                                              if not dossier_doc_problem(x)], decoded, args.repeat)),
        ("msgspec: json.decode(list[DossierStruct])", best(with_msgspec, raw, args.repeat)),
        ("msgspec: convert(decoded docs)", best(convert_only, decoded, args.repeat)),
    ]
    size = len(raw) / 1e6
    print(f"{args.rows:,} dossiers ({size:.1f} MB of JSON), best of {args.repeat}, msgspec {msgspec.__version__}")
    for name, ms in rows:
        print(f"  {name:<60} {ms:8.1f} ms  {ms * 1000 / args.rows:6.2f} µs/dossier")


if __name__ == "__main__":
    main()
