"""Load test of the production server: requests per second, median and p99 under saturation.

Starts the site as production runs it (`manage.py serve`: gunicorn, here with 2 workers on
loopback) against the database of DATABASE_URL (or the embedded one), and drives it with wrk
(4 connections, 60 s per scenario after 5 s of warming up):

1. the imprint (a template, no database), the yardstick of the machine;
2. a fixed mix of searches by text, by place and radius, topic pages, group pages and the
   event list, with the page cache off (every request renders);
3. 2,000 distinct search addresses requested with Zipf-distributed frequency (a few often,
   most rarely, as people search), with the page cache on: the first minute (every address
   is rendered once per worker as it first comes up) and the second (a spike that goes on).

It prints one table row per scenario: requests/s, median and p99 in ms, errors, and the
throughput as a share of the imprint's. wrk is installed from the distribution if missing
(as root); it needs no network at run time.

    uv run manage.py demo --no-serve --groups 100000   # once
    uv run python bench/load.py [--seconds 60] [--connections 4]
"""

import argparse
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selbsthilfe.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from events.models import Event  # noqa: E402
from groups.models import Group, Place, Topic  # noqa: E402

WRK_SCRIPT = """
local paths = {}
local position = 0
function setup(thread)
  thread:set("offset", #threads_started)
  table.insert(threads_started, thread)
end
threads_started = {}
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  position = (offset or 0) * 7919 % #paths
end
function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position], {["Accept-Language"] = "de"})
end
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "failed": %d, "status_errors": %d, '
    .. '"median_ms": %f, "p99_ms": %f}\\n',
    summary.requests, summary.duration / 1e6,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def uncached_mix() -> list[str]:
    """Searches by text, by place and radius, topic pages, group pages, the event list."""
    groups = Group.objects.public().order_by("pk").values_list("slug", flat=True)
    total = groups.count()
    slugs = [groups[index * total // 6] for index in range(6)]
    return [
        "/gruppen/?q=Depression",
        "/gruppen/?q=Angeh%C3%B6rige+Demenz",
        "/gruppen/?q=Selbsthilfegruppe+f%C3%BCr+Sucht",
        "/gruppen/?q=Diabetis",
        "/gruppen/?ort=L%C3%BCnen&umkreis=10",
        "/gruppen/?ort=M%C3%BCnchen&umkreis=50",
        "/gruppen/?q=Depression&ort=Dortmund&umkreis=25",
        "/gruppen/?q=Alkohol+L%C3%BCnen",
        "/themen/krebs/",
        "/themen/trauer/?ort=Leipzig",
        *[f"/gruppen/{slug}/" for slug in slugs],
        "/veranstaltungen/",
        "/veranstaltungen/archiv/",
    ]


def zipf_searches(distinct: int, requests: int, seed: int = 26) -> list[str]:
    """``requests`` addresses drawn from ``distinct`` searches (topic, town, radius, or
    a topic alone) with the frequency of rank r proportional to 1/r."""
    rng = random.Random(seed)
    topics = list(
        Topic.objects.annotate(group_count=Count("groups"))
        .order_by("-group_count", "name")
        .values_list("name", flat=True)[:80]
    )
    towns = list(
        Place.objects.values("name")
        .annotate(areas=Count("pk"))
        .order_by("-areas", "name")
        .values_list("name", flat=True)[:60]
    )
    searches = {f"/gruppen/?{urllib.parse.urlencode({'q': topic})}" for topic in topics}
    while len(searches) < distinct:
        query = {"q": rng.choice(topics), "ort": rng.choice(towns)}
        query["umkreis"] = rng.choice([5, 10, 25, 50])
        searches.add(f"/gruppen/?{urllib.parse.urlencode(query)}")
    ranked = sorted(searches)
    rng.shuffle(ranked)
    weights = [1 / rank for rank in range(1, len(ranked) + 1)]
    return rng.choices(ranked, weights, k=requests)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`manage.py serve` with two workers, as long as the block runs."""

    def __init__(self, *, page_cache_seconds: int):
        self.port = free_port()
        self.environment = os.environ | {
            "WEB_CONCURRENCY": "2",
            "PAGE_CACHE_SECONDS": str(page_cache_seconds),
            "SECURE_SSL_REDIRECT": "0",  # wrk speaks plain HTTP on loopback
            "LOG_FORMAT": "json",  # the site's own request lines, no gunicorn access log
        }

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "serve", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("The server did not start within a minute.")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder, "mix.lua")
        script.write_text(WRK_SCRIPT)
        listing = Path(folder, "paths.txt")
        listing.write_text("\n".join(paths) + "\n")
        command = ["wrk", "--threads", "2", "--connections", str(connections),
                   "--timeout", "10s", "--script", str(script), f"http://127.0.0.1:{port}",
                   "--", str(listing)]  # fmt: skip
        warm_up = [*command[:1], "--duration", "5s", *command[1:]]
        subprocess.run(warm_up, check=True, capture_output=True)
        done = subprocess.run(
            [*command[:1], "--duration", f"{seconds}s", *command[1:]],
            check=True,
            capture_output=True,
            text=True,
        )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["per_second"] = result["requests"] / result["seconds"]
    return result


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        raise SystemExit("Install wrk (apt-get install wrk) or run this as root once.")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    ensure_wrk()
    # (name, addresses, page cache seconds, runs measured one after the other)
    scenarios = [
        ("imprint", ["/impressum/"], 0, 1),
        ("search mix, uncached", uncached_mix(), 0, 1),
        ("2,000 searches, Zipf, page cache on", zipf_searches(2000, 200_000), 600, 2),
    ]
    results = []
    for name, paths, cache_seconds, runs in scenarios:
        with Server(page_cache_seconds=cache_seconds) as server:
            for run in range(runs):
                label = f"{name}, {('first', 'second')[run]} minute" if runs > 1 else name
                results.append((label, wrk(server.port, paths, args.seconds, args.connections)))
                print(f"{label}: {results[-1][1]}", file=sys.stderr)
    print(
        f"\n{Group.objects.count()} groups ({Group.objects.public().count()} public), "
        f"{Event.objects.count()} events; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs; 2 workers, {args.connections} connections, "
        f"{args.seconds} s per scenario\n"
    )
    imprint = results[0][1]["per_second"]
    print("| scenario | requests/s | median ms | p99 ms | errors | share of the imprint |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, result in results:
        errors = result["failed"] + result["status_errors"]
        print(
            f"| {name} | {result['per_second']:.0f} | {result['median_ms']:.1f} | "
            f"{result['p99_ms']:.1f} | {errors} | {result['per_second'] / imprint:.2f} |"
        )


if __name__ == "__main__":
    main()
