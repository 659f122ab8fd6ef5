"""Benchmark of the public search at national scale.

Renders a fixed mix of realistic search pages in this process (Django's test client, no
network) and prints, per kind of query, the median and 95th percentile time and the ratio of
the median to that of a trivial page (the imprint) measured in the same run. With --explain it
also prints which indexes PostgreSQL uses for the slowest statement of each query.

    uv run python bench/search.py            # needs `manage.py demo --groups 100000` first
    uv run python bench/search.py --groups 100000 --rounds 30 --explain
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selbsthilfe.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
# The test client speaks plain HTTP; production settings would redirect it to HTTPS.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The search itself, cold: no page comes from the cache (bench/load.py measures the cache).
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from groups.models import Group  # noqa: E402
from selbsthilfe.demo.load import load_demo  # noqa: E402

TRIVIAL = ("trivial page (imprint)", "/impressum/")
REFERENCE = "one group's page (for scale: reads one group by slug)"
QUERIES = {
    "text": [
        "/gruppen/?q=Depression",
        "/gruppen/?q=Angeh%C3%B6rige+Demenz",
        "/gruppen/?q=Angehoerige+Demenz",
        "/gruppen/?q=Krebs",
        "/gruppen/?q=Selbsthilfegruppe+f%C3%BCr+Sucht",
    ],
    "typo": [
        "/gruppen/?q=Depresion",
        "/gruppen/?q=Alkohl",
        "/gruppen/?q=Diabetis",
    ],
    "topic": [
        "/gruppen/?thema=depression",
        "/themen/krebs/",
        "/themen/trauer/?ort=Leipzig",
    ],
    "place + radius": [
        "/gruppen/?ort=L%C3%BCnen&umkreis=10",
        "/gruppen/?ort=01099&umkreis=25",
        "/gruppen/?ort=M%C3%BCnchen&umkreis=50",
        "/gruppen/?ort=Hamburg&umkreis=100",
    ],
    "text + place + filters": [
        "/gruppen/?q=Depression&ort=Dortmund&umkreis=25",
        "/gruppen/?q=Alkohol+L%C3%BCnen",
        "/gruppen/?q=Krebs&ort=Leipzig&umkreis=50&barrierefrei=1",
        "/gruppen/?q=Trauer&ort=Hamburg&umkreis=100&format=in_person&wochentag=1",
        "/gruppen/?thema=diabetes&ort=K%C3%B6ln&umkreis=25&offen=1",
    ],
    "page 50": [
        "/gruppen/?page=50",
        "/gruppen/?q=Depression&page=50",
        "/gruppen/?ort=Berlin&umkreis=50&page=50",
    ],
    "nothing found": [
        "/gruppen/?q=Xylophon&ort=Unna",
        "/gruppen/?ort=Atlantis",
    ],
    "index pages (topics A–Z, contact points, with counts)": [
        "/themen/",
        "/kontaktstellen/",
    ],
}


def measure(client: Client, url: str, rounds: int) -> list[float]:
    client.get(url)  # warm up caches and connections
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def indexes_used(client: Client, url: str) -> tuple[int, str]:
    """The number of SQL statements of a page and the indexes of its slowest statement."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + slowest["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    indexes = re.findall(
        r"(?:Index Only|Bitmap Index|Index) Scan (?:Backward )?(?:using|on) (\w+)", plan
    )
    tables = re.findall(r"Seq Scan on (\w+)", plan)
    used = sorted(set(indexes)) + [f"sequential scan of {table}" for table in sorted(set(tables))]
    return len(captured.captured_queries), ", ".join(used)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=0, help="load this many generated groups")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    if args.groups:
        load_demo(generated_groups=args.groups)
    total = Group.objects.count()
    client = Client(HTTP_HOST="localhost")
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": static,
        }
    ):
        trivial = measure(client, TRIVIAL[1], args.rounds * 3)
        group_url = Group.objects.public().order_by("pk").first().get_absolute_url()
        reference = measure(client, group_url, args.rounds * 3)
        results = {
            kind: [t for url in urls for t in measure(client, url, args.rounds)]
            for kind, urls in QUERIES.items()
        }
        explained = {}
        if args.explain:
            for urls in QUERIES.values():
                for url in urls:
                    explained[url] = indexes_used(client, url)

    base = statistics.median(trivial)
    print(
        f"{total} groups ({Group.objects.public().count()} public), {args.rounds} rounds per URL,"
        f" {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print()
    print("| query kind | URLs | median ms | p95 ms | median / trivial |")
    print("|---|---:|---:|---:|---:|")
    print(f"| {TRIVIAL[0]} | 1 | {base:.1f} | {percentile(trivial, 0.95):.1f} | 1.0 |")
    print(
        f"| {REFERENCE} | 1 | {statistics.median(reference):.1f} |"
        f" {percentile(reference, 0.95):.1f} | {statistics.median(reference) / base:.1f} |"
    )
    for kind, timings in results.items():
        median = statistics.median(timings)
        print(
            f"| {kind} | {len(QUERIES[kind])} | {median:.1f} | {percentile(timings, 0.95):.1f}"
            f" | {median / base:.1f} |"
        )
    if explained:
        print()
        print("| URL | SQL statements | indexes of the slowest statement |")
        print("|---|---:|---|")
        for url, (count, names) in explained.items():
            print(f"| `{url}` | {count} | {names} |")


if __name__ == "__main__":
    main()
