"""The bundle stage: deterministic output, an honest lock file, sourceless wheels, page gating."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from compiler.api import build
from compiler.bundle.config import page_types
from compiler.bundle.errors import BundleFailed
from compiler.bundle.templates import compile_snippets
from compiler.language.driver import compile_rules
from demo_site import RULES as DEMO_RULES


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    first = tmp_path_factory.mktemp("one") / "dist"
    second = tmp_path_factory.mktemp("two") / "dist"
    build([str(DEMO_RULES)], first, quality=5)
    build([str(DEMO_RULES)], second, quality=5)
    return first, second


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_input_are_byte_identical(two_builds):
    first, second = (files(root) for root in two_builds)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_lock_file_lists_every_wheel_with_its_sha256(two_builds):
    root = two_builds[0]
    lock_path = next(root.glob("py-*/kairos-lock.json"))
    lock = json.loads(lock_path.read_text())
    assert sorted(lock["packages"]) == ["jinja2", "kairos-app", "markupsafe"]
    for package in lock["packages"].values():
        wheel = (lock_path.parent / package["file_name"]).read_bytes()
        assert hashlib.sha256(wheel).hexdigest() == package["sha256"]
    assert lock["info"]["python"].startswith("3.14")


def test_wheels_carry_bytecode_for_pyodides_python_not_source(two_builds):
    root = two_builds[0]
    for wheel in root.glob("py-*/*.whl"):
        names = zipfile.ZipFile(io.BytesIO(wheel.read_bytes())).namelist()
        assert not [n for n in names if n.endswith(".py")], wheel.name
        pyc = next(n for n in names if n.endswith(".pyc"))
        magic = zipfile.ZipFile(wheel).read(pyc)[:4]
        assert magic == b"+\x0e\r\n", "bytecode must be for Python 3.14 (Pyodide 314)"


def test_the_stdlib_is_trimmed_to_what_the_engine_imports(two_builds):
    stdlib = zipfile.ZipFile(next(two_builds[0].glob("py-*/python_stdlib.zip")))
    names = set(stdlib.namelist())
    assert "json/__init__.py" in names and "re/__init__.py" in names
    assert "unittest/__init__.py" not in names and "sqlite3/__init__.py" not in names


def test_the_snapshot_mounts_only_the_stdlib_modules_it_has_not_imported(two_builds):
    folder = next(two_builds[0].glob("py-*/"))
    trimmed = set(zipfile.ZipFile(folder / "python_stdlib.zip").namelist())
    residual = set(zipfile.ZipFile(folder / "snapshot-stdlib.zip").namelist())
    assert residual and residual < trimmed
    # The engine's own imports are in the snapshot already; a codec looked up by name is not.
    assert "json/__init__.py" not in residual and "re/__init__.py" not in residual
    # Only Pyodide's package loader imports these, and the restored engine loads no package.
    assert not any(name.startswith(("importlib/metadata/", "tarfile", "email/")) for name in residual)
    assert "encodings/latin_1.py" in residual
    size = {name: (folder / name).stat().st_size for name in ("snapshot-stdlib.zip", "python_stdlib.zip")}
    assert size["snapshot-stdlib.zip"] < size["python_stdlib.zip"] / 10


def test_a_snippet_with_a_filter_the_snapshot_drops_is_refused(tmp_path):
    (tmp_path / "catalog.yaml").write_text("link:\n  template: link.html.j2\n  params: {}\n")
    (tmp_path / "link.html.j2").write_text('<a href="/s?{{ {"q": product.name} | urlencode }}">s</a>')
    with pytest.raises(BundleFailed, match=r"link.html.j2: the engine has no urlencode filter"):
        compile_snippets(tmp_path)
    (tmp_path / "link.html.j2").write_text('<a href="/s">{{ product.name | upper }}</a>')
    assert any(name.startswith("tmpl_") for name in compile_snippets(tmp_path))


def test_page_types_read_from_rule_conditions(tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: a\n    when: page.type == \"product\" and page.dwell > 5s\n"
        "    show: { snippet: trust_badge, placement: corner }\n"
        "  - id: b\n    when: page.type in [\"cart\", \"checkout\"] or (page.type == \"home\")\n"
        "    show: { snippet: trust_badge, placement: toast }\n")
    assert page_types(compile_rules([str(rules)]).ir) == ["cart", "checkout", "home", "product"]
    assert page_types(compile_rules([str(DEMO_RULES)]).ir) is None  # the trust rule is anywhere


def test_micropip_installs_the_wheels_from_local_files_and_agrees_with_our_lock(two_builds):
    """The bundle's lock is ours (see the README's choices); micropip, installing the same wheels
    in Pyodide under Node, must see the same packages, versions, hashes and dependencies."""
    from compiler.bundle.prebake import micropip_lock

    folder = next(two_builds[0].glob("py-*/"))
    ours = json.loads((folder / "kairos-lock.json").read_text())["packages"]
    wheels = {p.name: p.read_bytes() for p in folder.glob("*.whl")}
    theirs = micropip_lock(wheels)
    assert sorted(theirs) == sorted(ours) == ["jinja2", "kairos-app", "markupsafe"]
    for name, entry in ours.items():
        frozen = theirs[name]
        assert frozen["file_name"] == f"emfs:/wheels/{entry['file_name']}"
        assert frozen["sha256"] == entry["sha256"]
        assert frozen["version"].split("+")[0] == entry["version"]
        assert sorted(frozen["depends"]) == entry["depends"]


def test_a_define_longer_than_one_command_line_argument_is_baked_in_whole(tmp_path):
    """The debug chunk of a thousand rules carries more Python than Linux lets one argument
    hold (128 KB): it must still be built, with the value exactly once and valid JS."""
    import subprocess

    from compiler.bundle import kernel

    source = "# " + "x" * 300_000 + "\nTERMS = ()\n"
    out = kernel.build_debug({"python": [["kairos_terms", source]], "rules": []})
    assert out.count(b"x" * 300_000) == 1 and b"__KAIROS_DEFINED_" not in out
    chunk = tmp_path / "debug.mjs"
    chunk.write_bytes(out)
    assert subprocess.run(["node", "--check", str(chunk)], capture_output=True).returncode == 0
