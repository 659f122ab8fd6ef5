"""A rehearsal of docs/deployment.md: its marked shell blocks (``<!-- rehearsal: NAME -->``)
performed on this machine as root, as an operator would, with the distribution's PostgreSQL
(a role without superuser rights), nginx and the shipped units, and checked from outside: pages
over HTTPS through nginx, a citizen's message delivered by the worker, backup and restore into
a new database, an upgrade under load, and a database outage.

What differs from a real server, and nothing else:
1. Paths: the docs' /opt/selbsthilfe, /etc/selbsthilfe, /var/lib/selbsthilfe (the service
   user's home), /var/backups/selbsthilfe, /etc/systemd/system, /etc/nginx/sites-*,
   /etc/letsencrypt, /var/log/nginx and /usr/local/bin/selbsthilfe lie under ROOT
   (/var/tmp/selbsthilfe-rehearsal), in the commands and in the files copied from
   docs/deployment/.
2. Network: the host name is wegweiser.rehearsal.test on 127.0.0.1; nginx listens on free
   loopback ports for 80 and 443 (HTTPS URLs and origins carry that port), the site on a free
   port for 8000; curl gets --resolve and the certificate as its CA.
3. ``<the repository>`` is this working tree as it is, served by ``git daemon`` on loopback.
4. ``apt-get install`` checks that the packages are installed (.ci/run installs them);
   ``certbot certonly`` is replaced by openssl writing a self-signed certificate to the same
   files; pip installs uv at the version of this machine's uv (one already in
   /usr/local/bin is left alone).
5. systemd does not run here: ``systemctl`` carries out the units' [Service] lines itself
   (tests/deployment/systemd.py), and nginx is a private instance of the distribution's
   nginx.conf that includes only the site (tests/deployment/distribution.py).
6. The environment file gets this machine's values: a random SECRET_KEY, a local mail server
   without TLS or login.
7. uv cannot download here: the service user's uv works offline with a copy of this
   machine's uv cache, and unless the system has the Python the project asks for (3.12),
   this interpreter's Python is put where uv installs the one it would download, in the
   service user's home.
8. ``createsuperuser`` is answered on a terminal; the contact point and group that staff
   would enter in the admin are made with ``selbsthilfe shell``.

It runs as root on Debian or Ubuntu with postgresql and nginx installed (``uv run pytest -m
deployment -s`` prints each command), and takes everything away again afterwards, also what a
killed run left.
"""

import os
import re
import secrets
import shlex
import shutil
import time
from pathlib import Path

import pytest

from tests.deployment import supplies
from tests.deployment.distribution import free_port, wait_for
from tests.deployment.docs_blocks import commands, marked_blocks
from tests.deployment.layout import DATABASE, HOST, ROOT, SERVICE_USER
from tests.deployment.machine import Machine, undo_an_earlier_run
from tests.deployment.visitors import MailSink, Poller, Site

REHEARSED_BLOCKS = [
    "system",
    "install",
    "env",
    "database",
    "setup",
    "proxy",
    "upgrade",
    "backup",
    "move",
]  # in the order of the page
NEW_MACHINE_DATABASE = "selbsthilfe_new_machine"
REQUEST = '"logger": "selbsthilfe.requests"'  # a line of the request log
TOOLS = [
    "pg_ctlcluster",
    "pg_lsclusters",
    "psql",
    "nginx",
    "openssl",
    "curl",
    "git",
    "sudo",
    "adduser",
    "setsid",
    "dpkg-query",
]
SUPERUSER_PASSWORD = secrets.token_urlsafe(24)
CONTACT_POINT_EMAIL = "kontakt@kiss-probe.example.org"
GROUP_SLUG = "angehoerige-probe"
DATA_AS_STAFF_ENTER_IT = f"""
import datetime
from contactpoints.models import ContactPoint, Site
from groups.models import Group, Topic
contact_point = ContactPoint.objects.create(name="KISS Probe", slug="kiss-probe",
    federal_state="NW", email="{CONTACT_POINT_EMAIL}")
Site.objects.create(contact_point=contact_point, name="Standort Lünen", street="Markt 1",
    postcode="44532", town="Lünen", latitude=51.6166, longitude=7.5283)
group = Group.objects.create(name="Angehörige Probe", slug="{GROUP_SLUG}",
    description="Wir treffen uns zum Austausch.", contact_point=contact_point,
    postcode="44532", town="Lünen", founded_on=datetime.date(2015, 3, 1))
group.topics.add(Topic.objects.order_by("pk").first())
"""


def test_the_blocks_the_rehearsal_performs_are_marked_in_the_docs():
    """A marked block that disappears, or a marker without its block, fails here: the
    rehearsal would no longer perform what the docs say."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "deployment.md").read_text()
    blocks = marked_blocks(text)
    assert list(blocks) == REHEARSED_BLOCKS
    assert len(re.findall(r"(?m)^<!-- rehearsal:", text)) == len(blocks)
    assert all(commands(block) for block in blocks.values())


def cannot_rehearse() -> str:
    if os.geteuid() != 0:
        return "the deployment rehearsal runs as root (it adds a user, roles, units, nginx)"
    if not Path("/etc/debian_version").exists():
        return "the deployment rehearsal needs Debian or Ubuntu"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"the deployment rehearsal needs {', '.join(missing)} (.ci/run installs them)"
    return ""


@pytest.fixture
def machine():
    if reason := cannot_rehearse():
        pytest.skip(reason)
    started = time.monotonic()
    undo_an_earlier_run()
    machine = Machine(started)
    if not machine.cluster.found:
        pytest.skip("the deployment rehearsal needs a PostgreSQL cluster on port 5432")
    machine.prepare()
    try:
        if not machine.cluster.running:  # as the package leaves it: running
            machine.remember(cluster_started=True)
            machine.cluster.start()
        if taken := installation_found(machine):
            pytest.skip(f"this machine has {taken}: the rehearsal leaves an installation alone")
        machine.remember(
            user=True,
            role=True,
            databases=[DATABASE, NEW_MACHINE_DATABASE],
            uv_installed=not Path("/usr/local/bin/uv").exists(),
        )
        machine.nginx.start()  # as the package leaves it: running
        machine.publish_source()
        yield machine
    finally:
        for log in [*sorted((ROOT / "log").glob("*.log")), ROOT / "var/log/nginx/error.log"]:
            if log.exists():  # shown by pytest when the test fails
                lines = [line for line in log.read_text().splitlines() if REQUEST not in line]
                print(f"--- the end of {log.name} (without requests)", *lines[-40:], sep="\n")
        machine.teardown()
        print(f"  the rehearsal took {time.monotonic() - started:.0f} s with its cleanup")


def installation_found(machine) -> str:
    if shutil.which(SERVICE_USER) or Path("/etc/selbsthilfe").exists():
        return "a selbsthilfe command or /etc/selbsthilfe"
    if os.system(f"getent passwd {SERVICE_USER} >/dev/null") == 0:
        return f"a user {SERVICE_USER}"
    if machine.cluster.exists("role", SERVICE_USER):
        return f"a PostgreSQL role {SERVICE_USER}"
    return ""


def superuser_answers(question: str) -> str:
    if "assword" in question or "asswort" in question:
        return SUPERUSER_PASSWORD
    if "mail" in question.lower():
        return "betrieb@example.org"
    return "betrieb"


def stylesheet(page: str) -> str:
    """The address of the site's own stylesheet (with its hash) on ``page``."""
    return re.search(r'<link rel="stylesheet" href="([^"]*/css/site\.[0-9a-f]+\.css)"', page)[1]


@pytest.mark.deployment
def test_an_operator_can_follow_the_deployment_docs_on_this_machine(machine):
    site = Site(HOST, machine.ports["https"], machine.ports["http"], machine.certificate)

    # The packages, uv and the service user; its Python (the one deviation); the code.
    machine.run_block("system")
    supplies.provide_python_and_cache(SERVICE_USER)
    machine.run_block("install")
    assert (ROOT / "opt/selbsthilfe/.venv/bin/python").exists()
    assert not list((ROOT / "opt/selbsthilfe/.venv/lib").glob("python3*/site-packages/pytest"))

    with MailSink(free_port()) as sink:
        environment = machine.write_environment(
            {
                "SECRET_KEY": secrets.token_urlsafe(50),
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(sink.controller.port),
                "EMAIL_USE_TLS": "0",
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
            }
        )
        machine.run_block("database")
        assert (
            machine.cluster.sql(f"SELECT rolsuper FROM pg_roles WHERE rolname = '{SERVICE_USER}'")
            == "f"
        )
        output = machine.run_block("setup", answer=("createsuperuser", superuser_answers))
        check = next(text for line, text in output.items() if "check --deploy" in line)
        assert "System check identified no issues" in check, check
        assert (
            machine.cluster.sql("SELECT username FROM auth_user WHERE is_superuser", DATABASE)
            == "betrieb"
        )
        machine.run_block("proxy")
        print(f"  installed after {time.monotonic() - machine.started:.0f} s")

        # Pages over HTTPS through nginx; the health check over plain HTTP.
        home = site.get("/")
        assert home.status == 200 and "Selbsthilfe" in home.text, home.status
        assert site.get(stylesheet(home.text)).status == 200
        ready = site.get("/readyz", https=False)
        assert (ready.status, ready.text) == (200, "ok\n")
        assert site.get("/gruppen/", https=False).status == 301

        # A citizen's message, delivered by the worker.
        machine.run_line(f"selbsthilfe shell -c {shlex.quote(DATA_AS_STAFF_ENTER_IT)}")
        sent = site.send_message(GROUP_SLUG, "erika@example.org", "Ich suche eine Gruppe.")
        assert sent.status == 302 and "/nachricht-gesendet/" in sent.headers["Location"]
        wait_for(
            lambda: {CONTACT_POINT_EMAIL, "erika@example.org"} <= sink.recipients(),
            60,
            "the worker delivering the message's two emails",
        )

        # What the timers start, once.
        machine.systemd.systemctl(["start", "selbsthilfe-retry.service"])
        machine.systemd.systemctl(["start", "selbsthilfe-daily.service"])
        assert (ROOT / "var/backups/selbsthilfe/nightly.dump").stat().st_size > 0

        # Backup, and restore into a new database made as the docs make one.
        counts = machine.cluster.row_counts(DATABASE)
        machine.run_block("backup")
        new_database = [
            line.replace(f"template0 {DATABASE}", f"template0 {NEW_MACHINE_DATABASE}").replace(
                f"psql {DATABASE} ", f"psql {NEW_MACHINE_DATABASE} "
            )
            for line in commands(marked_blocks()["database"])
            if "createuser" not in line
        ]
        machine.run_block("database", lines=new_database)
        installed = environment.read_text()
        environment.write_text(installed.replace(f"@/{DATABASE}?", f"@/{NEW_MACHINE_DATABASE}?"))
        try:
            machine.run_block("move")
        finally:
            environment.write_text(installed)
        assert machine.cluster.row_counts(NEW_MACHINE_DATABASE) == counts
        assert counts["groups_place"] > 1000 and counts["groups_topic"] > 10
        assert counts["contactpoints_message"] == 1 and counts["auth_user"] == 1

        # An upgrade while a visitor asks for a page every 100 ms.
        migration = supplies.publish_upgrade()
        before = stylesheet(site.get("/").text)
        with Poller(site, "/") as poller:
            machine.run_block("upgrade")
            after = wait_for(
                lambda: (now := stylesheet(site.get("/").text)) != before and now,
                60,
                "pages of the new version",
            )
            time.sleep(1)
        upgraded_css = site.get(after)
        assert upgraded_css.status == 200 and "The rehearsed upgrade." in upgraded_css.text
        assert (
            machine.cluster.sql(
                f"SELECT count(*) FROM django_migrations WHERE name = '{migration}'", DATABASE
            )
            == "1"
        )
        print(
            f"  {len(poller.results)} requests during the upgrade, the slowest took "
            f"{poller.slowest:.1f} s"
        )
        assert poller.failures == [], f"{len(poller.failures)} of {len(poller.results)} failed"
        project = ROOT / "opt/selbsthilfe"
        written_by_root = [path for path in project.rglob("*") if path.lstat().st_uid == 0]
        assert written_by_root == [], "root wrote into the project's folder"

        # PostgreSQL stopped and started again: the site says so, then serves again, and the
        # worker delivers again.
        web, worker = (
            machine.systemd.services["selbsthilfe-web"],
            machine.systemd.services["selbsthilfe-worker"],
        )
        worker_starts = worker.starts
        machine.cluster.stop()
        try:
            uncached = site.get("/gruppen/?q=Ausfall")
            assert uncached.status == 503, uncached.status
            assert site.get("/").status in (200, 503)
            assert site.get("/readyz", https=False).status == 503
            time.sleep(3)  # long enough for the worker to look for tasks and miss the database
        finally:
            machine.cluster.start()
        wait_for(lambda: site.get("/readyz", https=False).status == 200, 60, "/readyz ok again")
        sent = site.send_message(GROUP_SLUG, "max@example.org", "Gibt es noch Plätze?")
        assert sent.status == 302, sent.status
        wait_for(
            lambda: "max@example.org" in sink.recipients(),
            60,
            "the worker delivering after the outage",
        )
        assert web.active and web.starts == 1  # the site stayed up
        print(f"  starts of the worker during the outage: {worker.starts - worker_starts}")

    seconds = time.monotonic() - machine.started
    assert seconds < 360, f"the rehearsal took {seconds:.0f} s; it should take about 2"
