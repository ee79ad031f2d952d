import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def sourced_bin() -> str:
    """The server binary: $SOURCED_BIN, else the debug build (built if missing)."""
    env = os.environ.get("SOURCED_BIN")
    if env:
        return env
    exe = REPO / "target" / "debug" / "sourced"
    if not exe.exists():
        subprocess.run(["cargo", "build", "--quiet"], cwd=REPO, check=True)
    return str(exe)
