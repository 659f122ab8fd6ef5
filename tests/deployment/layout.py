"""Where the server of docs/deployment.md lives on this machine, for the deployment
rehearsal: the docs' paths under one folder, the host name, the service user."""

import re
from pathlib import Path

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


def moved(text: str) -> str:
    """``text`` with the docs' paths as they are on this machine, under ROOT."""
    return MOVED.sub(lambda match: f"{ROOT}{match[1]}", text)
