"""What the server of docs/deployment.md takes from elsewhere, supplied on this machine for the
deployment rehearsal: the repository (this working tree, and a next version for the upgrade)
and, as uv cannot download here, the service user's Python and uv cache."""

import os
import platform
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

from tests.deployment.distribution import port_open, run, wait_for
from tests.deployment.layout import PROJECT, ROOT, SHELL_PATH

SOURCE = ROOT / "source" / "selbsthilfe"


def publish_source(port: int) -> subprocess.Popen:
    """<the repository>: the working tree as it is (committed or not), in a repository that
    `git daemon` serves on loopback ``port`` (the process, which leads its own group)."""
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT
    )
    for name in filter(None, listed.split("\0")):
        path = PROJECT / name
        if path.is_file() or path.is_symlink():
            (SOURCE / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, SOURCE / name, follow_symlinks=False)
    run(["git", "init", "-q", "-b", "main"], cwd=SOURCE)
    commit("The version installed")
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--listen=127.0.0.1",
            f"--port={port}",
            f"--base-path={SOURCE.parent}",
            "--export-all",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(lambda: port_open(port), 10, "git daemon listening")
    return daemon


def commit(message: str) -> None:
    run(["git", "add", "-A"], cwd=SOURCE)
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
        cwd=SOURCE,
    )


def publish_upgrade() -> str:
    """A next version in the repository: a changed stylesheet and a new migration (whose
    name is returned)."""
    with (SOURCE / "static/css/site.css").open("a") as css:
        css.write("\n/* The rehearsed upgrade. */\n")
    folder = SOURCE / "selbsthilfe" / "migrations"
    last = sorted(path.stem for path in folder.glob("[0-9][0-9][0-9][0-9]_*.py"))[-1]
    name = f"{int(last[:4]) + 1:04d}_rehearsed_upgrade"
    (folder / f"{name}.py").write_text(
        '"""A migration of the rehearsed upgrade (tests/deployment)."""\n\n'
        "from django.db import migrations\n\n\n"
        "class Migration(migrations.Migration):\n"
        f'    dependencies = [("selbsthilfe", "{last}")]\n'
        '    operations = [migrations.RunSQL("SELECT 1", migrations.RunSQL.noop)]\n'
    )
    commit("The next version")
    return name


def provide_python_and_cache(user_name: str) -> None:
    """The rehearsal's one deviation from the docs: uv cannot download here. The service
    user's uv gets a copy of this machine's uv cache and works offline; and unless the system
    has the Python the project asks for, this interpreter's Python goes where uv installs the
    one it would download, in the user's home."""
    user = pwd.getpwnam(user_name)
    home = Path(user.pw_dir)
    assert home.is_dir() and home.is_relative_to(ROOT), f"the service user's home: {home}"
    cache = Path(run([uv_executable(), "cache", "dir"], cwd=PROJECT).strip())
    copy_cache(cache, home / ".cache" / "uv")
    (home / ".config" / "uv").mkdir(parents=True)
    (home / ".config" / "uv" / "uv.toml").write_text(
        'offline = true\nlink-mode = "copy"\npython-downloads = "never"\n'
    )
    wanted = (PROJECT / ".python-version").read_text().split()[0]
    hand_over(home, user)
    if not python_found(user, wanted):
        copy_python(home / ".local/share/uv/python", wanted)
        hand_over(home, user)
    found = python_found(user, wanted)
    assert found, f"the service user's uv finds no Python {wanted}"
    version = run(
        [found, "-c", "import ssl, sqlite3, ctypes, sys; print(sys.version)"],
        user=user_name,
        env={"HOME": str(home)},
    )
    print(f"  the service user runs Python {version.split()[0]} from {found}")


def python_found(user: pwd.struct_passwd, version: str) -> str:
    """The Python ``version`` that ``user``'s uv (the one the docs installed) finds, or
    nothing."""
    found = subprocess.run(
        ["/usr/local/bin/uv", "python", "find", version],
        user=user.pw_name,
        env={"HOME": user.pw_dir, "PATH": SHELL_PATH},
        cwd=user.pw_dir,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() if found.returncode == 0 else ""


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
