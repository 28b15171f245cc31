"""build.py as a marketer runs it: exit codes and messages, never a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=900, check=False)


def test_check_names_the_unknown_signal_with_its_position(tmp_path):
    rules = tmp_path / "pdp.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: typo\n"
        '    when: page.type == "product" and page.dwel > 30s\n'
        "    show: { snippet: review_popup, placement: modal }\n")
    done = run("check", "pdp.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "pdp.yaml:3:38: unknown signal `page.dwel`; did you mean `page.dwell`?\n"
        '    when: page.type == "product" and page.dwel > 30s\n'
        "                                     ^^^^^^^^^\n")
    assert "Traceback" not in done.stderr


def test_check_passes_the_demo_rules():
    done = run("check", "demo_site/rules", cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_missing_rule_file_is_a_message_not_a_traceback(tmp_path):
    done = run("check", "nope.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "nope.yaml" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_build_writes_the_bundle_and_a_manifest_with_the_script_tag(tmp_path):
    done = run("build", str(ROOT / "demo_site" / "rules"), "-o", str(tmp_path / "dist"),
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text())
    kernel = manifest["kernel"]
    assert f'src="/kairos/{kernel}"' in manifest["script_tag"]
    assert 'integrity="sha384-' in manifest["script_tag"]
    names = {entry["name"] for entry in manifest["files"]}
    assert any(name.endswith("/pyodide.asm.wasm") for name in names)
    assert any(name.endswith("/kairos-lock.json") for name in names)
    for entry in manifest["files"]:
        assert (tmp_path / "dist" / entry["name"]).stat().st_size == entry["size"]
        assert entry["brotli"] > 0 and len(entry["sha256"]) == 64
    assert manifest["script_tag"] in done.stdout
