from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_runs_without_telegram() -> None:
    code = (
        "import sys\n"
        "from bot import engine, evaluation, knowledge_service, loader, storage, settings, cli\n"
        "kb, _ = engine.load_and_build('knowledge')\n"
        "assert engine.ask(kb, 'ประชุมวันที่ 5 มีนาคม 2019').found\n"
        "assert not [m for m in sys.modules if m == 'telegram' or m.startswith('telegram.')]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
