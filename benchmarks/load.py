"""Load run: signed slash commands against gunicorn on loopback, with a fake Slack Web API.

    python benchmarks/load.py [--requests 300] [--threads 8] [--workers 2]

Starts gunicorn as the Procfile does (bot.slack.gunicorn_conf: gevent workers) serving
`bot.slack.wsgi:create_app()` on 127.0.0.1 (a fresh SQLite store, or DATABASE_URL when set and
already loaded), sends the commands from N threads as Slack does
(v0-signed form bodies, a new connection each), and prints requests per second, the p50 / p95 /
p99 acknowledgement time, and whether every command got its card.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.slack.client import SIGNING_SECRET, SlackSender, get  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402

QUESTIONS = (
    "who patches RDS?",
    "who encrypts S3 objects?",
    "compare ECS on Fargate and ECS on EC2",
    "who handles encryption?",
    "Lambda best practices",
    "what does AWS do for DynamoDB?",
)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def prepare_store(workdir: Path) -> str:
    """The store gunicorn's workers share, migrated and loaded before they start (the release
    step), so two workers never bootstrap the same SQLite file at once."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'srm.db'}"
    from bot.runtime import Srm

    Srm.open(url).engine.dispose()
    return url


SRM_APP = "bot.slack.wsgi:create_app()"
BASELINE_APP = "benchmarks.minimal_bolt_app:create_app()"


def start_gunicorn(
    args: argparse.Namespace, env: dict[str, str], port: int, app: str = SRM_APP
) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn",
        "--config", "python:bot.slack.gunicorn_conf",
        "--workers", str(args.workers),
        "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning",
        app,
    ]  # fmt: skip
    # The server logs one line per request, as in production, to a file rather than this
    # terminal (so the figures below stay readable).
    log = open(Path(env.get("SRM_LOAD_LOG", os.devnull)), "ab")  # noqa: SIM115 - lives with proc
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log
    )


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            # srm answers /healthz; the minimal Bolt app answers anything but its route with 404.
            if get(base, "/healthz", timeout=2).status in (200, 404):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not become ready")


def run(args: argparse.Namespace, app: str = SRM_APP) -> dict:
    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": prepare_store(Path(tmp)),
            "SLACK_BOT_TOKEN": "xoxb-0000000000-0000000000-benchmark",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.api_url,
            "SRM_RATE_LIMIT": "0",
        }
        for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
            env.pop(name, None)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_gunicorn(args, env, port, app)
        try:
            wait_ready(base, proc)
            sender = SlackSender(base)

            def one(n: int) -> tuple[int, float, bool]:
                question = QUESTIONS[n % len(QUESTIONS)]
                if args.distinct:  # defeats srm's card cache: every question is new
                    question = f"{question} (#{n})"
                response = sender.command(
                    question,
                    fake.response_url(f"r{n}"),
                    user_id=f"U0LOAD{n:05d}",
                )
                card = False
                if response.status == 200:
                    body = response.json()
                    card = bool(body.get("blocks")) and "srm_share" in response.body.decode()
                    card = card and (app != SRM_APP or "header" in response.body.decode())
                return response.status, response.seconds, card

            with ThreadPoolExecutor(max_workers=args.threads) as pool:
                list(pool.map(one, range(args.warmup)))  # both workers load and warm up
                started = time.perf_counter()
                results = list(pool.map(one, range(args.requests)))
                elapsed = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            fake.stop()

    times = [seconds * 1000 for _, seconds, _ in results]
    return {
        "acked": sum(status == 200 for status, _, _ in results),
        "cards": sum(card for _, _, card in results),
        "rps": args.requests / elapsed,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": max(times),
    }


def report(name: str, figures: dict, requests: int) -> None:
    print(f"{name}:")
    print(f"  acknowledged (200): {figures['acked']}/{requests}")
    print(f"  cards delivered:    {figures['cards']}/{requests}")
    print(f"  requests/s:         {figures['rps']:.0f}")
    print(
        f"  ack time ms:        p50 {figures['p50']:.1f}  p95 {figures['p95']:.1f}  "
        f"p99 {figures['p99']:.1f}  max {figures['max']:.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument(
        "--distinct", action="store_true", help="make every question unique (no cache hits)"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the minimal Bolt app run")
    args = parser.parse_args()
    print(
        f"srm load: {args.requests} signed /srm commands from {args.threads} threads, "
        f"gunicorn gevent (the Procfile's config), {args.workers} workers, "
        f"{os.cpu_count()} CPUs, {'distinct' if args.distinct else 'repeated'} questions"
    )
    srm = run(args)
    report("srm", srm, args.requests)
    if not args.no_baseline:
        base = run(args, BASELINE_APP)
        report("minimal Bolt app (trivial lookup), same harness", base, args.requests)
        print(f"srm p99 / minimal p99: {srm['p99'] / base['p99']:.2f}")
    return 0 if srm["acked"] == srm["cards"] == args.requests else 1


if __name__ == "__main__":
    raise SystemExit(main())
