"""What systemd does with the shipped units, for a machine where systemd does not run: the
[Service] lines of a unit are carried out as written (User, Group, WorkingDirectory,
EnvironmentFile, ExecStart, ExecReload, Restart, RestartSec, KillSignal, TimeoutStopSec), and
``systemctl`` commands act on them."""

import os
import pwd
import shlex
import signal
import subprocess
import threading
import time
from pathlib import Path

# systemd's PATH for services, then what it sets for a unit with User=.
SERVICE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """The sections of a unit file, each a mapping of key to its values in order (a key such
    as ExecStart may be given more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = sections.setdefault(line[1:-1], {})
            continue
        key, _, value = line.partition("=")
        assert section is not None and _, f"not a unit file line: {raw!r}"
        section.setdefault(key.strip(), []).append(value.strip())
    return sections


def environment_file(path: Path) -> dict[str, str]:
    """The variables of an EnvironmentFile: ``NAME=value`` lines, comments skipped, a value
    in matching quotes taken without them."""
    variables = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        name, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        variables[name.strip()] = value
    return variables


def seconds(value: str) -> float:
    """A systemd time span as used in our units: ``5``, ``5s``, ``100ms``, ``1min``."""
    for suffix, factor in (("ms", 0.001), ("min", 60), ("s", 1)):
        if value.endswith(suffix):
            return float(value[: -len(suffix)]) * factor
    return float(value)


class Service:
    """One service unit: started, supervised as its Restart= says, reloaded and stopped."""

    def __init__(self, name: str, sections: dict, log_folder: Path):
        self.name = name
        self.settings = sections.get("Service", {})
        self.log = log_folder / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.stopping = threading.Event()
        self.supervisor: threading.Thread | None = None

    def setting(self, key: str, default: str = "") -> str:
        return self.settings.get(key, [default])[-1]

    @property
    def active(self) -> bool:
        return self.supervisor is not None and self.supervisor.is_alive()

    @property
    def main_pid(self) -> int:
        assert self.process is not None and self.process.poll() is None, f"{self.name}: not running"
        return self.process.pid

    def _environment(self) -> dict[str, str]:
        user = pwd.getpwnam(self.setting("User", "root"))
        variables = {
            "PATH": SERVICE_PATH,
            "LANG": "C.UTF-8",
            "HOME": user.pw_dir,
            "USER": user.pw_name,
            "LOGNAME": user.pw_name,
            "SHELL": user.pw_shell,
        }
        for path in self.settings.get("EnvironmentFile", []):
            optional = path.startswith("-")
            path = Path(path.lstrip("-"))
            if optional and not path.exists():
                continue
            variables |= environment_file(path)
        for assignment in self.settings.get("Environment", []):
            variables |= dict(word.split("=", 1) for word in shlex.split(assignment))
        return variables

    def _spawn(self, command: str, **replacements: str) -> subprocess.Popen:
        """Run one Exec line of the unit as its User and Group, in its WorkingDirectory, with
        its environment; the process leads a group of its own, as a unit has a control group."""
        for name, value in replacements.items():
            command = command.replace(f"${{{name}}}", value).replace(f"${name}", value)
        argv = shlex.split(command.lstrip("-@:+!"))
        assert argv[0].startswith("/"), f"{self.name}: {argv[0]} is no absolute path"
        user = self.setting("User", "root")
        with self.log.open("a") as log:
            log.write(f"--- {time.strftime('%H:%M:%S')} {command}\n")
            log.flush()
            return subprocess.Popen(
                argv,
                cwd=self.setting("WorkingDirectory", "/"),
                env=self._environment(),
                user=user,
                group=self.setting("Group", pwd.getpwnam(user).pw_gid),
                extra_groups=[],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start(self) -> None:
        if self.active:
            return
        if self.setting("Type", "simple") == "oneshot":
            for command in self.settings["ExecStart"]:
                process = self._spawn(command)
                code = process.wait(timeout=300)
                assert code == 0 or command.startswith("-"), (
                    f"{self.name}: {command} exited with {code}:\n{self.output()}"
                )
            return
        self.stopping.clear()
        self.process = self._spawn(self.settings["ExecStart"][0])
        self.starts += 1
        self.supervisor = threading.Thread(target=self._supervise, daemon=True)
        self.supervisor.start()

    def _supervise(self) -> None:
        """Restart= and RestartSec=: start the process again after it ended, unless stopped."""
        restart = self.setting("Restart", "no")
        delay = seconds(self.setting("RestartSec", "100ms"))
        clean = (0, -signal.SIGHUP, -signal.SIGINT, -signal.SIGTERM, -signal.SIGPIPE)
        while True:
            code = self.process.wait()
            if self.stopping.is_set():
                return
            if not (restart == "always" or (restart == "on-failure" and code not in clean)):
                return
            if self.stopping.wait(delay):
                return
            self.process = self._spawn(self.settings["ExecStart"][0])
            self.starts += 1

    def stop(self) -> None:
        """KillSignal= to every process of the unit, SIGKILL after TimeoutStopSec=."""
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        kill_signal = getattr(signal, self.setting("KillSignal", "SIGTERM"))
        with_timeout = seconds(self.setting("TimeoutStopSec", "90"))
        try:
            os.killpg(process.pid, kill_signal)
            process.wait(timeout=with_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass
        if self.supervisor is not None:
            self.supervisor.join(timeout=10)

    def reload(self) -> None:
        assert self.active, f"{self.name} is not active, cannot reload"
        assert "ExecReload" in self.settings, f"Job type reload is not applicable for {self.name}"
        for command in self.settings["ExecReload"]:
            code = self._spawn(command, MAINPID=str(self.main_pid)).wait(timeout=60)
            assert code == 0, f"{self.name}: {command} exited with {code}"

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


class Systemd:
    """The units installed in ``unit_folder`` (read at daemon-reload), and ``systemctl``.
    ``others`` are units of the distribution's packages (nginx): objects with start, stop
    and reload."""

    def __init__(self, unit_folder: Path, log_folder: Path, others: dict):
        self.unit_folder = unit_folder
        self.log_folder = log_folder
        self.others = others
        self.services: dict[str, Service] = {}
        self.timers: dict[str, dict] = {}
        self.enabled: set[str] = set()

    def daemon_reload(self) -> None:
        for path in sorted(self.unit_folder.glob("*.service")):
            sections = parse_unit(path.read_text())
            if path.stem in self.services:  # a running one keeps its process
                self.services[path.stem].settings = sections.get("Service", {})
            else:
                self.services[path.stem] = Service(path.stem, sections, self.log_folder)
        self.timers = {
            path.stem: parse_unit(path.read_text()) for path in self.unit_folder.glob("*.timer")
        }

    def unit(self, name: str):
        stem = name.removesuffix(".service")
        if stem in self.others:
            return self.others[stem]
        if stem in self.services:
            return self.services[stem]
        if name.endswith(".timer") and name.removesuffix(".timer") in self.timers:
            return None  # a timer: it would start its service at its time, not now
        raise AssertionError(f"Unit {name} not found (copied, and systemctl daemon-reload run?)")

    def systemctl(self, arguments: list[str]) -> None:
        verb, *rest = arguments
        now = "--now" in rest
        names = [name for name in rest if not name.startswith("-")]
        if verb == "daemon-reload":
            self.daemon_reload()
            return
        for name in names:
            unit = self.unit(name)
            if verb == "enable":
                self.enabled.add(name)
            if unit is None:
                continue
            if verb == "start" or (verb == "enable" and now):
                unit.start()
            elif verb == "stop":
                unit.stop()
            elif verb == "restart":
                unit.stop()
                unit.start()
            elif verb == "reload":
                unit.reload()
            elif verb != "enable":
                raise AssertionError(f"systemctl {verb} is not rehearsed")

    def stop_all(self) -> None:
        for service in self.services.values():
            service.stop()
