"""Answer-engine figures, measured in one run on this machine (nothing is asserted here):

- questions per second through `engine.answer` in batch, on one core (per second of the
  process's CPU time, so that other work on the machine does not count against it);
- the same questions through a plain `rapidfuzz.process.extract` over every duty text, and the
  ratio between the two (the engine must not be slower per question);
- `srm ask "…"` cold start (median of several runs, a fresh process each) and its peak memory;
- all of it for the bundled pack and for a pack 20 times its size (240 services, built by
  benchmarks/big_pack.py), against the targets: cold start at most 0.8 s, at least 2,000
  questions/s, at most 200 MB.

    python benchmarks/engine.py [--rounds 5] [--cold-runs 7] [--skip-big]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import process  # noqa: E402

from bot.engine import Index, answer  # noqa: E402
from bot.knowledge.load import load_into  # noqa: E402
from bot.store.db import make_engine  # noqa: E402
from bot.store.migrate import upgrade  # noqa: E402
from bot.store.repository import load_knowledge  # noqa: E402


def questions() -> list[str]:
    files = [ROOT / "tests" / "engine" / "tuning.jsonl", ROOT / "tests" / "engine" / "cases.jsonl"]
    extra = ROOT / "tests" / "engine" / "heldout.jsonl"
    if extra.is_file():
        files.append(extra)
    out = []
    for f in files:
        out += [json.loads(line)["q"] for line in f.read_text().splitlines() if line.strip()]
    return out


def per_second(fn, items: list[str], rounds: int) -> float:
    """Median questions per second over `rounds` passes (each pass answers every item once),
    counted in this process's CPU time: on a shared machine, time the core spent on other
    processes is not the engine's, and wall-clock rates swing by a third from run to run."""
    rates = []
    for _ in range(rounds):
        start = time.process_time()
        for q in items:
            fn(q)
        rates.append(len(items) / (time.process_time() - start))
    return statistics.median(rates)


def cold_start(db_url: str, runs: int) -> tuple[float, float, float]:
    """`srm ask` in fresh processes: median time until the card is on screen, median time until
    the process has exited (after writing the query log), and the peak RSS (MB) of those runs."""
    env = dict(os.environ, DATABASE_URL=db_url)
    # An installed srm has its bytecode compiled (pip writes it); a shell that forbids writing
    # it would time Python compiling srm's sources instead. The warm-up run below writes it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    srm = Path(sys.executable).with_name("srm")
    cmd = [str(srm) if srm.exists() else sys.executable, "ask", "who patches RDS?"]
    if not srm.exists():
        cmd[1:1] = ["-m", "bot"]
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # bootstraps, writes snapshot
    shown, done = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert proc.stdout is not None
        proc.stdout.read(1)
        shown.append(time.perf_counter() - start)
        proc.stdout.read()
        proc.wait()
        done.append(time.perf_counter() - start)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return statistics.median(shown), statistics.median(done), peak_kb / 1024


def measure(label: str, root: Path | None, args: argparse.Namespace) -> dict[str, float]:
    """Every figure for one knowledge pack (`root`, or the bundled one when None)."""
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})  # one core, as the target says
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        engine = make_engine(url)
        upgrade(engine)
        load_into(engine, root)
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            knowledge = load_knowledge(session)
        assert knowledge is not None
        start = time.perf_counter()
        index = Index.build(knowledge)
        build_ms = (time.perf_counter() - start) * 1000
        qs = questions()
        duty_texts = [d.text for s in knowledge.services for d in s.duties]

        # Warm both once (caches and lazy imports), then measure on the same questions.
        for q in qs:
            answer(index, q)
            process.extract(q, duty_texts)
        engine_qps = per_second(lambda q: answer(index, q), qs, args.rounds)
        baseline_qps = per_second(lambda q: process.extract(q, duty_texts), qs, args.rounds)
        # Fresh index, so typo corrections are not already cached: the first-pass rate.
        cold_index = Index.build(knowledge)
        first_pass = per_second(lambda q: answer(cold_index, q), qs, 1)
        os.sched_setaffinity(0, cores)  # a user's `srm ask` is not pinned
        shown_s, exit_s, peak_mb = cold_start(url, args.cold_runs)
        engine.dispose()

    print(f"== {label}")
    print(f"services, duty texts:      {len(knowledge.services)}, {len(duty_texts)}")
    print(f"questions:                 {len(qs)}")
    print(f"index build:               {build_ms:.1f} ms")
    passes = f"median of {args.rounds} passes, 1 core, CPU time"
    print(f"engine, questions/s:       {engine_qps:,.0f} ({passes})")
    print(f"engine, first pass q/s:    {first_pass:,.0f} (no typo cache)")
    print(f"rapidfuzz extract q/s:     {baseline_qps:,.0f}")
    print(f"engine / rapidfuzz speed:  {engine_qps / baseline_qps:.2f}x")
    print(f"srm ask, card on screen:   {shown_s * 1000:.0f} ms (cold, median of {args.cold_runs})")
    print(f"srm ask, process exited:   {exit_s * 1000:.0f} ms (query log written, median)")
    print(f"srm ask peak memory:       {peak_mb:.0f} MB resident")
    return {"qps": engine_qps, "cold_ms": shown_s * 1000, "peak_mb": peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument(
        "--skip-big", action="store_true", help="only the bundled pack, not the 240-service one"
    )
    args = parser.parse_args()
    measure("bundled pack (12 services)", None, args)
    if not args.skip_big:
        from benchmarks.big_pack import write_big_pack

        with tempfile.TemporaryDirectory() as tmp:
            big = write_big_pack(Path(tmp) / "knowledge", copies=20)
            measure("20x pack (240 services)", big, args)


if __name__ == "__main__":
    main()
