"""Every ``--help`` text of ``qms`` with its id (``qms_tui/cli/help_words.py``), and the English catalogue kept
equal to the code: the English help lives in the code, so the ``hlp_*`` entries of en.po are written from it.

    python scripts/help_ids.py            # list: id, then the English text on one line
    python scripts/help_ids.py --write    # set every hlp_* entry of en.po to the code's text, compile the .mo
    python scripts/help_ids.py --missing  # the ids the Vietnamese catalogue lacks (shown in English)

The Vietnamese catalogue is written by a person; a help it lacks is shown in English, never as its id.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _i18n():
    spec = importlib.util.spec_from_file_location("qms_i18n_tool", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def code_helps() -> dict[str, str]:
    """Every help of the whole ``qms``: id -> English text as the code has it."""
    import typer.main

    from qms_tui.cli.help_words import helps
    from qms_tui.cli.root import full_app

    found: dict[str, str] = {}
    for msgid, _holder, text in helps(typer.main.get_command(full_app())):
        if msgid in found and found[msgid] != text:
            raise SystemExit(f"two helps share the id {msgid}")
        found[msgid] = text
    return found


def write(tool=None) -> list[str]:
    """Make en.po's ``hlp_*`` entries the code's texts (added, changed); compile both catalogues."""
    tool = tool or _i18n()
    catalog = tool.read("en")
    changed = []
    for msgid, text in code_helps().items():
        message = catalog.get(msgid)
        if message is None:
            catalog.add(msgid, text)
            changed.append(msgid)
        elif message.string != text:
            message.string = text
            changed.append(msgid)
    tool.write("en", catalog)
    tool.update()
    return changed


def main(argv: list[str]) -> int:
    if "--write" in argv:
        for msgid in write():
            print(msgid)
        return 0
    helps = code_helps()
    if "--missing" in argv:
        tool = _i18n()
        known = {tool.msgid_of(m) for m in tool.read("vi") if m.id}
        print("\n".join(msgid for msgid in helps if msgid not in known))
        return 0
    for msgid, text in helps.items():
        print(f"{msgid}\t{' '.join(text.split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
