"""This machine as the server of docs/deployment.md, for the deployment rehearsal: where the
docs' files go (under ROOT), how a documented command is run here, and how everything the
rehearsal made is taken away again, also after a run that was killed."""

import contextlib
import json
import os
import platform
import pwd
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.deployment.docs_blocks import commands, marked_blocks
from tests.deployment.systemd import Systemd

PROJECT = Path(__file__).resolve().parents[2]
ROOT = Path("/var/tmp/selbsthilfe-rehearsal")
DOCS_HOST = "wegweiser.example.org"
HOST = "wegweiser.rehearsal.test"
SERVICE_USER = "selbsthilfe"
DATABASE = "selbsthilfe"
# The docs' paths that live under ROOT here, in commands and in the files copied from
# docs/deployment/.
MOVED_PATHS = (
    "/opt/selbsthilfe",
    "/etc/selbsthilfe",
    "/var/lib/selbsthilfe",
    "/var/backups/selbsthilfe",
    "/etc/systemd/system",
    "/etc/nginx/sites-available",
    "/etc/nginx/sites-enabled",
    "/etc/letsencrypt",
    "/var/log/nginx",
    "/usr/local/bin/selbsthilfe",
)
MOVED = re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, MOVED_PATHS)) + r")(?![\w.-])")
# A root shell's PATH, with the rehearsal's nginx and the installed `selbsthilfe` first.
SHELL_PATH = (
    f"{ROOT}/shims:{ROOT}/usr/local/bin:"
    + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
)
STATE = ROOT / "state.json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loopback_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def run(argv: list[str], *, user: str | None = None, timeout: float = 120, **kwargs) -> str:
    """Run ``argv`` (as ``user``), fail with its output unless it succeeds; its output."""
    result = subprocess.run(
        argv,
        user=user,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=kwargs.pop("cwd", "/"),
        **kwargs,
    )
    assert result.returncode == 0, f"{shlex.join(argv)} exited with {result.returncode}:\n" + (
        result.stdout + result.stderr
    )
    return result.stdout


def wait_for(condition, seconds: float, what: str, interval: float = 0.2):
    """``condition()``'s first true value within ``seconds``, else fail naming ``what``."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(interval)


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


class PostgresCluster:
    """The distribution's PostgreSQL cluster on the default port (pg_lsclusters)."""

    def __init__(self):
        self.version = self.name = None
        for line in run(["pg_lsclusters", "--no-header"]).splitlines():
            version, name, port, *_ = line.split()
            if port == "5432":
                self.version, self.name = version, name
        self.found = self.version is not None

    @property
    def running(self) -> bool:
        status = subprocess.run(
            ["pg_ctlcluster", self.version, self.name, "status"], capture_output=True
        )
        return status.returncode == 0

    def start(self) -> None:
        run(["pg_ctlcluster", self.version, self.name, "start"])

    def stop(self) -> None:
        run(["pg_ctlcluster", self.version, self.name, "stop"])

    def sql(self, sql: str, database: str = "postgres") -> str:
        """``sql`` run by PostgreSQL's superuser in ``database``; rows as lines, fields by |."""
        return run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
            user="postgres",
        ).strip()

    def exists(self, kind: str, name: str) -> bool:
        table, column = {"role": ("pg_roles", "rolname"), "database": ("pg_database", "datname")}[
            kind
        ]
        return self.sql(f"SELECT count(*) FROM {table} WHERE {column} = '{name}'") == "1"

    def row_counts(self, database: str) -> dict[str, int]:
        """The number of rows of every table of the site's schema."""
        tables = self.sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", database
        ).split()
        union = " UNION ALL ".join(
            f"SELECT '{table}', count(*) FROM \"{table}\"" for table in tables
        )
        rows = self.sql(union, database).splitlines()
        return {table: int(count) for table, count in (row.split("|") for row in rows)}


class Nginx:
    """A private nginx instance: the distribution's nginx.conf, with only the site's
    configuration from ROOT/etc/nginx/sites-enabled and its pid and logs under ROOT. It
    stands in for the nginx service that the package starts."""

    command = ROOT / "shims" / "nginx"
    pid_file = ROOT / "run" / "nginx.pid"

    def configure(self) -> None:
        main = (Path("/etc/nginx/nginx.conf")).read_text()
        main = re.sub(r"(?m)^\s*include /etc/nginx/conf\.d/.*$", "", main)  # the machine's own
        main = re.sub(r"(?m)^pid .*;$", f"pid {self.pid_file};", main)
        main = MOVED.sub(lambda match: f"{ROOT}{match[1]}", main)
        assert f"include {ROOT}/etc/nginx/sites-enabled/*;" in main, (
            "no sites-enabled in nginx.conf"
        )
        (ROOT / "etc" / "nginx" / "nginx.conf").write_text(main)
        self.command.write_text(
            f"#!/bin/sh\nexec /usr/sbin/nginx -e {ROOT}/var/log/nginx/error.log "
            f'-c {ROOT}/etc/nginx/nginx.conf "$@"\n'
        )
        self.command.chmod(0o755)

    @property
    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def start(self) -> None:
        if self.pid is None:
            run([str(self.command)])
            wait_for(lambda: self.pid, 10, "nginx started")

    def stop(self) -> None:
        pid = self.pid
        if pid is not None:
            os.kill(pid, signal.SIGQUIT)
            wait_for(lambda: self.pid is None, 20, "nginx stopped")

    def reload(self) -> None:
        assert self.pid is not None, "nginx.service is not active, cannot reload"
        run([str(self.command), "-s", "reload"])


class Machine:
    """Runs the docs' commands here: one operator shell (its working directory carries over
    from line to line), with the substitutions of the rehearsal module applied."""

    def __init__(self, started: float):
        self.started = started  # (time.monotonic(): how long the rehearsal takes)
        self.ports = {
            "http": free_port(),
            "https": free_port(),
            "web": free_port(),
            "git": free_port(),
        }
        self.cwd = Path("/root")
        self.cluster = PostgresCluster()
        self.nginx = Nginx()
        self.systemd = Systemd(ROOT / "etc/systemd/system", ROOT / "log", {"nginx": self.nginx})
        self.state = {}
        self.git_daemon = None
        self.certificate = ROOT / "etc/letsencrypt/live" / HOST / "fullchain.pem"
        self.ipv6 = loopback_ipv6()

    # The state: what the rehearsal made, on disk so that a killed run is undone by the next.
    def remember(self, **facts) -> None:
        self.state |= facts
        STATE.write_text(json.dumps(self.state))

    def prepare(self) -> None:
        for folder in (
            "opt",
            "etc/systemd/system",
            "etc/nginx/sites-available",
            "etc/nginx/sites-enabled",
            "etc/letsencrypt",
            "var/lib",
            "var/backups",
            "var/log/nginx",
            "usr/local/bin",
            "run",
            "shims",
            "log",
            "source",
        ):
            (ROOT / folder).mkdir(parents=True, exist_ok=True)
        ROOT.chmod(0o755)
        self.remember()
        self.nginx.configure()

    # Substitutions.
    def for_this_machine(self, text: str) -> str:
        """Host name, HTTPS port and paths of the docs as they are on this machine."""
        text = text.replace(DOCS_HOST, HOST)
        text = re.sub(
            rf"https://{re.escape(HOST)}(?![:\w.-])", f"https://{HOST}:{self.ports['https']}", text
        )
        text = text.replace("<the repository>", f"git://127.0.0.1:{self.ports['git']}/selbsthilfe")
        return MOVED.sub(lambda match: f"{ROOT}{match[1]}", text)

    def installed_for_this_machine(self, text: str) -> str:
        """A file copied from docs/deployment/ with this machine's paths and ports (the host
        name is the docs' own step)."""
        text = MOVED.sub(lambda match: f"{ROOT}{match[1]}", text)
        text = text.replace("127.0.0.1:8000", f"127.0.0.1:{self.ports['web']}")
        for port, name in (("80", "http"), ("443", "https")):
            text = re.sub(
                rf"(?m)^(\s*)listen {port}\b", rf"\1listen 127.0.0.1:{self.ports[name]}", text
            )
            ipv6 = rf"\1listen [::1]:{self.ports[name]}" if self.ipv6 else r"\1# (no IPv6 loopback)"
            text = re.sub(rf"(?m)^(\s*)listen \[::\]:{port}\b", ipv6, text)
        return text

    def rewrite_installed_files(self) -> None:
        copies = [
            *(ROOT / "etc/systemd/system").glob("selbsthilfe*"),
            *(ROOT / "etc/nginx/sites-available").glob("*"),
            ROOT / "usr/local/bin/selbsthilfe",
        ]
        for path in copies:
            if path.is_file() and not path.is_symlink():
                text = path.read_text()
                if (rewritten := self.installed_for_this_machine(text)) != text:
                    path.write_text(rewritten)

    def shell_environment(self) -> dict[str, str]:
        return {
            "PATH": SHELL_PATH,
            "HOME": "/root",
            "USER": "root",
            "LOGNAME": "root",
            "SHELL": "/bin/bash",
            "LANG": "C.UTF-8",
            "TERM": "dumb",
        }

    # Running the docs.
    def run_block(self, name: str, *, lines=None, answer=None, timeout: float = 300) -> dict:
        """Run the marked block ``name`` line by line (or the given ``lines`` of it); a line
        holding ``answer[0]`` runs on a terminal whose questions ``answer[1]`` answers. The
        output of each line, by line."""
        block = marked_blocks()[name]
        outputs = {}
        for line in lines if lines is not None else commands(block):
            started = time.monotonic()
            here = self.for_this_machine(line)
            on_terminal = answer is not None and answer[0] in line
            outputs[line] = self.run_line(here, answer[1] if on_terminal else None, timeout)
            self.rewrite_installed_files()
            print(f"  [{name}] {here}  ({time.monotonic() - started:.1f} s)")
        return outputs

    def run_line(self, line: str, answer=None, timeout: float = 300) -> str:
        words = shlex.split(line, comments=True)
        if words[0] == "cd":
            folder = (self.cwd / words[1]).resolve()
            assert folder.is_dir(), f"cd: {folder}: no such directory"
            self.cwd = folder
            return ""
        if words[0] == "systemctl":
            self.systemd.systemctl(words[1:])
            return ""
        if words[:2] == ["apt-get", "install"]:
            return self.check_packages([word for word in words[2:] if not word.startswith("-")])
        if words[0] == "certbot":
            return self.self_signed_certificate(words[words.index("-d") + 1])
        if words[0] == "curl":
            words[1:1] = [
                "--resolve",
                f"{HOST}:{self.ports['https']}:127.0.0.1",
                "--cacert",
                str(self.certificate),
            ]
            line = shlex.join(words)
        if words[:3] == ["python3", "-m", "pip"] and "uv" in words:
            if not self.state.get("uv_installed"):
                return "(a uv in /usr/local/bin before the rehearsal is left as it is)"
            words[words.index("uv")] = f"uv=={uv_version()}"  # the one that wrote the cache
            line = shlex.join(words)
        if answer is not None:
            return self.run_on_terminal(line, answer, timeout)
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", line],
            cwd=self.cwd,
            env=self.shell_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, (
            f"{line}\nexited with {result.returncode} in {self.cwd}:\n"
            + result.stdout
            + result.stderr
        )
        return result.stdout + result.stderr

    def run_on_terminal(self, line: str, answer, timeout: float) -> str:
        """``line`` with a terminal, as an operator types: each question (a line ending in a
        colon) gets ``answer(question)``."""
        controller, terminal = os.openpty()
        process = subprocess.Popen(
            ["setsid", "--ctty", "bash", "-euo", "pipefail", "-c", line],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            cwd=self.cwd,
            env=self.shell_environment(),
        )
        os.close(terminal)
        output, answered, deadline = "", 0, time.monotonic() + timeout
        try:
            while True:
                assert time.monotonic() < deadline, f"{line}: no end within {timeout} s:\n{output}"
                if not select.select([controller], [], [], 0.5)[0]:
                    continue
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the terminal's last user ended
                    break
                if not chunk:
                    break
                output += chunk.decode(errors="replace")
                question = output[answered:].rsplit("\n", 1)[-1]
                if question.rstrip().endswith(":"):
                    os.write(controller, answer(question).encode() + b"\n")
                    answered = len(output)
        finally:
            os.close(controller)
            code = process.wait(timeout=30)
        assert code == 0, f"{line}\nexited with {code}:\n{output}"
        return output

    def check_packages(self, packages: list[str]) -> str:
        """In place of apt-get install: the packages are there (certbot's step is replaced)."""
        for package in packages:
            if package == "certbot":
                continue
            status = subprocess.run(
                ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
            )
            assert status.stdout.endswith("installed"), (
                f"{package} is not installed (.ci/run installs what the rehearsal needs)"
            )
        return ""

    def self_signed_certificate(self, host: str) -> str:
        """In place of certbot: a self-signed certificate at the paths certbot writes."""
        folder = ROOT / "etc/letsencrypt/live" / host
        folder.mkdir(parents=True, exist_ok=True)
        return run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                f"/CN={host}",
                "-addext",
                f"subjectAltName=DNS:{host}",
                "-keyout",
                str(folder / "privkey.pem"),
                "-out",
                str(folder / "fullchain.pem"),
            ]
        )

    # What the machine needs that the docs take from elsewhere.
    def publish_source(self) -> None:
        """<the repository>: the working tree as it is (committed or not), in a repository
        that `git daemon` serves on loopback."""
        source = ROOT / "source" / "selbsthilfe"
        listed = run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT
        )
        for name in filter(None, listed.split("\0")):
            path = PROJECT / name
            if path.is_file() or path.is_symlink():
                (source / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, source / name, follow_symlinks=False)
        run(["git", "init", "-q", "-b", "main"], cwd=source)
        self.commit(source, "The version installed")
        self.git_daemon = subprocess.Popen(
            [
                "git",
                "daemon",
                "--reuseaddr",
                "--listen=127.0.0.1",
                f"--port={self.ports['git']}",
                f"--base-path={ROOT / 'source'}",
                "--export-all",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.remember(pids=[*self.state.get("pids", []), self.git_daemon.pid])
        wait_for(lambda: port_open(self.ports["git"]), 10, "git daemon listening")

    @staticmethod
    def commit(source: Path, message: str) -> None:
        run(["git", "add", "-A"], cwd=source)
        run(
            [
                "git",
                "-c",
                "user.name=Rehearsal",
                "-c",
                "user.email=rehearsal@localhost",
                "commit",
                "-q",
                "-m",
                message,
            ],
            cwd=source,
        )

    def publish_upgrade(self) -> str:
        """A new version in the repository: a changed stylesheet and a new migration (whose
        name is returned)."""
        source = ROOT / "source" / "selbsthilfe"
        with (source / "static/css/site.css").open("a") as css:
            css.write("\n/* The rehearsed upgrade. */\n")
        folder = source / "selbsthilfe" / "migrations"
        last = sorted(path.stem for path in folder.glob("[0-9][0-9][0-9][0-9]_*.py"))[-1]
        name = f"{int(last[:4]) + 1:04d}_rehearsed_upgrade"
        (folder / f"{name}.py").write_text(
            '"""A migration of the rehearsed upgrade (tests/deployment)."""\n\n'
            "from django.db import migrations\n\n\n"
            "class Migration(migrations.Migration):\n"
            f'    dependencies = [("selbsthilfe", "{last}")]\n'
            '    operations = [migrations.RunSQL("SELECT 1", migrations.RunSQL.noop)]\n'
        )
        self.commit(source, "The next version")
        return name

    def provide_python_and_cache(self) -> None:
        """The rehearsal's one deviation from the docs: uv cannot download here. The service
        user's uv gets a copy of this machine's uv cache and works offline; and unless the
        system has the Python the project asks for, this interpreter's Python goes where uv
        installs the one it would download, in the user's home."""
        user = pwd.getpwnam(SERVICE_USER)
        home = Path(user.pw_dir)
        assert home.is_dir() and home.is_relative_to(ROOT), f"the service user's home: {home}"
        copy_cache(
            Path(run([uv_executable(), "cache", "dir"], cwd=PROJECT).strip()),
            home / ".cache" / "uv",
        )
        (home / ".config" / "uv").mkdir(parents=True)
        (home / ".config" / "uv" / "uv.toml").write_text(
            'offline = true\nlink-mode = "copy"\npython-downloads = "never"\n'
        )
        wanted = (PROJECT / ".python-version").read_text().split()[0]
        hand_over(home, user)
        if not self.service_user_finds_python(wanted):
            copy_python(home / ".local/share/uv/python", wanted)
            hand_over(home, user)
        found = self.service_user_finds_python(wanted)
        assert found, f"the service user's uv finds no Python {wanted}"
        version = run(
            [found, "-c", "import ssl, sqlite3, ctypes, sys; print(sys.version)"],
            user=SERVICE_USER,
            env={"HOME": str(home)},
        )
        print(f"  the service user runs Python {version.split()[0]} from {found}")

    def service_user_finds_python(self, version: str) -> str:
        """The Python ``version`` that the service user's uv (the one the docs installed)
        finds, or nothing."""
        home = pwd.getpwnam(SERVICE_USER).pw_dir
        found = subprocess.run(
            ["/usr/local/bin/uv", "python", "find", version],
            user=SERVICE_USER,
            env={"HOME": home, "PATH": SHELL_PATH},
            cwd=home,
            capture_output=True,
            text=True,
        )
        return found.stdout.strip() if found.returncode == 0 else ""

    def write_environment(self, values: dict[str, str]) -> Path:
        """The operator's editor: the docs' environment block with this machine's values, in
        the file the docs created for it."""
        path = ROOT / "etc/selbsthilfe/env"
        status = path.stat()
        assert (status.st_mode & 0o777, pwd.getpwuid(status.st_uid).pw_name) == (
            0o600,
            SERVICE_USER,
        )
        lines = []
        for line in commands(marked_blocks()["env"]):
            name, _, value = self.for_this_machine(line).partition("=")
            value = values.get(name, value)
            assert "<" not in value, f"{name}: no value for this machine"
            lines.append(f"{name}={value}")
        path.write_text("\n".join(lines) + "\n")
        return path

    # Taking everything away again.
    def teardown(self) -> None:
        self.systemd.stop_all()
        undo(self.state, self.cluster, self.nginx)


def uv_executable() -> str:
    return os.environ.get("UV") or shutil.which("uv") or "uv"


def uv_version() -> str:
    return run([uv_executable(), "--version"], cwd=PROJECT).split()[1]


def hand_over(home: Path, user: pwd.struct_passwd) -> None:
    """What the rehearsal put into the service user's home becomes the user's; never a file
    shared with root's uv cache (a hard link, which stays root's and readable to all)."""
    for folder in (home / ".local", home / ".cache", home / ".config"):
        for path in [folder, *folder.rglob("*")] if folder.exists() else []:
            if path.is_dir() or path.is_symlink() or path.stat().st_nlink == 1:
                os.lchown(path, user.pw_uid, user.pw_gid)


def copy_python(folder: Path, version: str) -> None:
    """This interpreter's Python in ``folder`` as uv installs one it downloaded: standard
    library and executable, no site-packages."""
    running = sys.version_info
    assert f"{running.major}.{running.minor}" == version, f"the project asks for {version}"
    base = Path(sys.base_prefix)
    assert not base.is_relative_to("/usr"), f"{base}: a system Python, no copy needed"
    executable = f"python{running.major}.{running.minor}"
    python = folder / (
        f"cpython-{running.major}.{running.minor}.{running.micro}-linux-{platform.machine()}-gnu"
    )
    (python / "bin").mkdir(parents=True)
    shutil.copy2(base / "bin" / executable, python / "bin" / executable)
    for name in ("python3", "python"):
        (python / "bin" / name).symlink_to(executable)
    shutil.copytree(
        base / "lib",
        python / "lib",
        symlinks=True,
        ignore=shutil.ignore_patterns("site-packages", "test", "__pycache__", "*.a"),
    )
    (python / "lib" / executable / "site-packages").mkdir()
    # A build with a shared libpython finds it by an absolute path into the original (which
    # the service user may not read): point it at the copy's own lib folder instead.
    binary = python / "bin" / executable
    original, relative = f"{base}/lib".encode(), b"$ORIGIN/../lib"
    content = binary.read_bytes()
    if original in content and len(relative) <= len(original):
        binary.write_bytes(content.replace(original, relative.ljust(len(original), b"\0")))


def copy_cache(source: Path, target: Path) -> None:
    """A copy of uv's cache: its unpacked wheels as hard links (uv only reads them), the
    rest, which uv also writes, as copies."""
    target.mkdir(parents=True)
    for entry in source.iterdir():
        if entry.name == "archive-v0":

            def link(from_path, to_path):
                try:
                    os.link(from_path, to_path)
                except OSError:  # another file system
                    shutil.copy2(from_path, to_path)

            shutil.copytree(entry, target / entry.name, symlinks=True, copy_function=link)
        elif entry.is_dir():
            shutil.copytree(entry, target / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, target / entry.name)


def undo(state: dict, cluster: PostgresCluster, nginx: Nginx) -> None:
    """Take away what ``state`` says the rehearsal made; each step also when a part is gone."""
    for pid in state.get("pids", []):
        if str(ROOT) in command_line(pid):  # (not another process that got its number since)
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGTERM)  # it leads a process group of its own
    uid = None
    if state.get("user"):
        with contextlib.suppress(KeyError):
            uid = pwd.getpwnam(SERVICE_USER).pw_uid
    if uid is not None:  # the service user is the rehearsal's: all its processes are too
        for pid in processes_of(uid):
            with_signal(pid, signal.SIGKILL)
        wait_for(lambda: not processes_of(uid), 10, "the service user's processes ended")
    nginx.stop()
    if cluster.found and (state.get("databases") or state.get("role")):
        if not cluster.running:
            cluster.start()
        for database in state.get("databases", []):
            cluster.sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if state.get("role"):
            cluster.sql(f'DROP ROLE IF EXISTS "{SERVICE_USER}"')
    if state.get("cluster_started") and cluster.running:
        cluster.stop()
    if state.get("user"):
        subprocess.run(["deluser", "--system", SERVICE_USER], capture_output=True)
        subprocess.run(["delgroup", "--system", SERVICE_USER], capture_output=True)
        gone = subprocess.run(["getent", "passwd", SERVICE_USER], capture_output=True)
        assert gone.returncode != 0, f"the user {SERVICE_USER} is left (the next run tries again)"
    if state.get("uv_installed"):
        subprocess.run(
            ["python3", "-m", "pip", "uninstall", "-y", "-q", "--break-system-packages", "uv"],
            capture_output=True,
            env={"PATH": "/usr/bin:/bin"},
        )
    shutil.rmtree(ROOT, ignore_errors=True)


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def processes_of(uid: int) -> list[int]:
    def owner(process: Path) -> int | None:
        try:
            return process.stat().st_uid
        except OSError:
            return None

    return [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and owner(entry) == uid
    ]


def with_signal(pid: int, number: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, number)


def undo_an_earlier_run() -> None:
    """A rehearsal that was killed left its state: take away what it made."""
    if STATE.exists():
        undo(json.loads(STATE.read_text()), PostgresCluster(), Nginx())
    shutil.rmtree(ROOT, ignore_errors=True)
