"""The language-neutral engine cases: load them as kernel updates, and judge an engine's reply."""

import json
from pathlib import Path

HERE = Path(__file__).parent
CASES = json.loads((HERE / "engine_cases.json").read_text("utf-8"))
RULES = HERE / CASES["rules"]


def updates() -> list[tuple[str, dict, dict]]:
    """(name, the update message the kernel would send, the case) for every case."""
    defaults = CASES["defaults"]
    out = []
    for seq, case in enumerate(CASES["cases"], start=1):
        signals = {**defaults["signals"], **case["signals"]}
        history = {**defaults["history"], **case["history"]}
        product = case.get("product", defaults["product"])
        page = {**defaults["page"], **case.get("page", {})}
        update = {"type": "update", "seq": seq, "reason": "case", "now": signals["now"],
                  "signals": signals, "history": history, "product": product, **page,
                  "formats": case.get("formats", defaults["formats"])}
        out.append((case["name"], update, case))
    return out


def problems(case: dict, reply: dict) -> list[str]:
    """What differs between the reply and the case's expectation (empty when it agrees)."""
    found = []
    if reply.get("type") != "decisions":
        return [f"not a decisions reply: {reply}"]
    keys = ("rule", "placement", "slot", "snippet", "variant")
    got = [{key: d.get(key) for key in keys} for d in reply["decisions"]]
    if got != case["expect"]:
        found.append(f"decisions {got} != expected {case['expect']}")
    for rule, fragments in case.get("html", {}).items():
        html = next((d["html"] for d in reply["decisions"] if d["rule"] == rule), None) or ""
        found += [f"{rule}: html lacks {fragment!r}" for fragment in fragments if fragment not in html]
    errors = sorted(e["rule"] for e in reply.get("errors", []))
    if errors != sorted(case.get("errors", [])):
        found.append(f"errors {reply.get('errors')} != expected rules {case.get('errors', [])}")
    return found
