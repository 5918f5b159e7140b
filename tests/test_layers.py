from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_runs_without_telegram() -> None:
    code = (
        "import sys\n"
        "from bot import cli, settings\n"
        "from bot.engine import answering, knowledge as index\n"
        "from bot.serving import knowledge, storage\n"
        "from bot.text import loader\n"
        "from bot.tools import evaluate\n"
        "kb = index.build_index(loader.load_knowledge('knowledge').articles)\n"
        "assert answering.ask(kb, 'ประชุมวันที่ 5 มีนาคม 2019').found\n"
        "assert not [m for m in sys.modules if m == 'telegram' or m.startswith('telegram.')]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


# Each folder may import only from the folders below it (and from itself).
LAYERS = ["text", "search", "engine", "serving", "tools"]
BELOW = {layer: set(LAYERS[: i + 1]) for i, layer in enumerate(LAYERS)}


def _imports(path: Path) -> set[str]:
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_folder_imports_upward_and_only_the_cli_imports_tools() -> None:
    """text < search < engine < serving < tools; telegram_app and the CLI sit on top.
    The core (text, search, engine) imports neither telegram nor serving."""
    problems = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        parts = path.relative_to(ROOT / "bot").parts
        layer = parts[0] if len(parts) > 1 else "top"
        for name in _imports(path):
            if name == "telegram" or name.startswith("telegram."):
                if layer in ("text", "search", "engine", "serving", "tools"):
                    problems.append(f"{path.name} imports {name}")
                continue
            if not name.startswith("bot."):
                continue
            target = name.split(".")[1]
            if target == "tools" and path.name != "cli.py" and layer != "tools":
                problems.append(f"{path.name} imports {name}")
            if layer in BELOW and target in LAYERS and target not in BELOW[layer]:
                problems.append(f"{'/'.join(parts)} imports {name} (upward)")
    assert problems == []


def test_no_module_is_a_tangle() -> None:
    """Modules stay readable: none over about 500 lines (a little slack for growth)."""
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in (ROOT / "bot").rglob("*.py")
    }
    assert {p: n for p, n in sizes.items() if n > 560} == {}
