"""python-escpos's printer-database cache is written whole, by us, before the library loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import pickle, sys
from pathlib import Path
from tui_pos.hardware.escpos_loader import _use_capabilities_cache
_use_capabilities_cache()
assert "escpos.capabilities" not in sys.modules, "the library was imported"
cache = Path(sys.argv[1]) / "tui-pos" / "escpos"
(pickled,) = cache.glob("*.capabilities.pickle")
data = pickle.loads(pickled.read_bytes())
assert "default" in data["profiles"] and data["encodings"]
assert not list(cache.glob("*.tmp")), "temporary file left behind"
"""


def test_cache_is_complete_before_python_escpos_is_imported(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
