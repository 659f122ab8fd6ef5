"""This machine as the server of docs/deployment.md, for the deployment rehearsal: how a
documented command is run here, with this machine's host name, ports and paths, and how
everything the rehearsal made is taken away again, also after a run that was killed."""

import contextlib
import json
import os
import pwd
import re
import select
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.deployment import supplies
from tests.deployment.distribution import (
    Nginx,
    PostgresCluster,
    free_port,
    loopback_ipv6,
    run,
    wait_for,
)
from tests.deployment.docs_blocks import commands, marked_blocks
from tests.deployment.layout import DOCS_HOST, HOST, ROOT, SERVICE_USER, SHELL_PATH, STATE, moved
from tests.deployment.systemd import Systemd


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
        return moved(text)

    def installed_for_this_machine(self, text: str) -> str:
        """A file copied from docs/deployment/ with this machine's paths and ports (the host
        name is the docs' own step)."""
        text = moved(text)
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
            words[words.index("uv")] = (
                f"uv=={supplies.uv_version()}"  # the one that wrote the cache
            )
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
    def publish_source(self) -> None:
        daemon = supplies.publish_source(self.ports["git"])
        self.remember(pids=[*self.state.get("pids", []), daemon.pid])

    def teardown(self) -> None:
        self.systemd.stop_all()
        undo(self.state, self.cluster, self.nginx)


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
