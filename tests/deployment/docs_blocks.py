"""The shell blocks of docs/deployment.md that the deployment rehearsal performs. Each is
marked by an HTML comment, ``<!-- rehearsal: NAME -->``, on the line before its ```sh fence."""

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
MARKED_BLOCK = re.compile(
    r"^<!-- rehearsal: ([\w-]+) -->\n```sh\n(.*?)^```$", re.MULTILINE | re.DOTALL
)


def marked_blocks(text: str | None = None) -> dict[str, str]:
    """The marked blocks of the docs (or of ``text``) by name, in their order."""
    blocks = {}
    for name, body in MARKED_BLOCK.findall(DOCS.read_text() if text is None else text):
        assert name not in blocks, f"two blocks of docs/deployment.md are marked {name!r}"
        blocks[name] = body
    return blocks


def commands(block: str) -> list[str]:
    """The commands of ``block`` as the shell reads them: a line ending in a backslash goes on
    in the next, and lines of comments alone are none."""
    lines = block.replace("\\\n", "").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
