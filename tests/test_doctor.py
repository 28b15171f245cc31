"""`build.py doctor URL`: a clean bill for the demo server, and each misconfiguration of a
deliberately wrong host reported with its fix; bad input is one line and exit code 2."""

import json

import pytest

import build
from demo_site import SITE
from demo_site.server import make_server
from tests.static_host import StaticHost, site_with_bundle

PAGE = "/products/trailhead-2p-tent.html"


def doctor(capsys, url: str) -> tuple[int, str, str]:
    code = build.main(["doctor", url])
    out = capsys.readouterr()
    return code, out.out, out.err


def problems(out: str) -> list[str]:
    """The report's problem lines with their fixes, as 'what | fix'."""
    lines = out.splitlines()
    return [f"{line} | {lines[i + 1].strip()}" for i, line in enumerate(lines) if line.startswith("x ")]


@pytest.fixture(scope="module")
def demo(bundle_dir):
    server = make_server(SITE, bundle_dir).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def manifest(bundle_dir) -> dict:
    return json.loads((bundle_dir / "manifest.json").read_text())


@pytest.fixture
def host(bundle_dir, tmp_path):
    """host(**StaticHost options, tag=None, bundle=True) -> a started plain host of the store."""
    started = []

    def start(*, tag=None, bundle=True, **options):
        root = site_with_bundle(SITE, bundle_dir if bundle else None, tmp_path / f"h{len(started)}",
                                tag=tag)
        started.append(StaticHost(root, **options).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_the_demo_server_gets_a_clean_bill(capsys, demo):
    code, out, _ = doctor(capsys, demo.url + PAGE)
    assert code == 0, out
    assert problems(out) == []
    assert "clean bill" in out
    assert "1.00x the brotli figure" in out
    assert "Content-Security-Policy the page needs: script-src 'self'" in out


def test_the_bundle_folder_alone_is_checked_too(capsys, demo):
    code, out, _ = doctor(capsys, demo.url + "/kairos/")
    assert code == 0, out
    assert "note: no page given" in out


def test_a_host_that_compresses_nothing_and_types_wasm_wrong(capsys, host):
    plain = host(types={".wasm": "application/octet-stream"})
    code, out, _ = doctor(capsys, plain.url + PAGE)
    assert code == 1
    found = problems(out)
    assert any("pyodide.asm.wasm: served as application/octet-stream, not application/wasm" in p
               and "fix: send Content-Type: application/wasm" in p for p in found), found
    assert any("engine.snapshot: sent uncompressed" in p and "falls back to its zstd copy" in p
               and "fix: serve the precompressed engine.snapshot.br with Content-Encoding: br" in p
               for p in found), found


def test_no_store_on_hashed_files(capsys, host):
    code, out, _ = doctor(capsys, host(hashed_cache="no-store").url + PAGE)
    assert code == 1
    assert any("Cache-Control: no-store on a content-hashed file: every page view downloads it again"
               in p and "fix: send Cache-Control: public, max-age=31536000, immutable" in p
               for p in problems(out))


def test_a_long_cached_manifest(capsys, host):
    code, out, _ = doctor(capsys, host(manifest_cache="public, max-age=86400").url + PAGE)
    assert code == 1
    assert any(p.startswith("x manifest.json: cached for 86,400 s")
               and "fix: send Cache-Control: no-cache for manifest.json" in p for p in problems(out))


def test_a_cdn_without_cors(capsys, host, manifest):
    cdn = host(cors=False)
    tag = manifest["script_tag"].replace('src="/kairos/', f'src="{cdn.url}/kairos/')
    store = host(tag=tag, bundle=False)
    code, out, _ = doctor(capsys, store.url + PAGE)
    assert code == 1
    assert any("no Access-Control-Allow-Origin for " + store.url in p
               and "fix: send Access-Control-Allow-Origin: *" in p for p in problems(out))
    # The policy a page needs when its bundle is on another origin (the worker starts from a Blob).
    assert f"script-src {cdn.url} 'wasm-unsafe-eval' blob:; worker-src blob: {cdn.url}" in out


def test_a_cdn_with_cors_and_a_page_policy_that_forgets_the_worker(capsys, host, manifest, tmp_path):
    cdn = host(cors=True)
    tag = manifest["script_tag"].replace('src="/kairos/', f'src="{cdn.url}/kairos/')
    policy = f"default-src 'self'; script-src 'self' {cdn.url}; connect-src 'self' {cdn.url}"
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    store = host(tag=meta + tag, bundle=False)
    code, out, _ = doctor(capsys, store.url + PAGE)
    found = problems(out)
    assert not any("Access-Control-Allow-Origin" in p for p in found), found
    assert "x csp: script-src does not allow 'wasm-unsafe-eval' blob: | fix: add 'wasm-unsafe-eval' " \
           "blob: to script-src in the page's Content-Security-Policy" in found, found
    assert "x csp: script-src does not allow blob: (it governs worker-src) | fix: add blob: to " \
           "worker-src in the page's Content-Security-Policy" in found, found
    assert code == 1


def test_a_wrong_sri(capsys, host, manifest):
    tag = manifest["script_tag"].replace('integrity="sha384-', 'integrity="sha384-AAAA')
    code, out, _ = doctor(capsys, host(tag=tag).url + PAGE)
    assert code == 1
    assert any("the tag's integrity does not match the served kairos." in p
               and "fix: paste the tag from manifest.json's script_tag" in p for p in problems(out))


@pytest.mark.parametrize("url, message", [
    ("http://127.0.0.1:9/", "error: cannot reach http://127.0.0.1:9/manifest.json: "),
    ("ftp://example.com/", "error: not an http(s) URL: ftp://example.com/"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, url, message):
    code, out, err = doctor(capsys, url)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_a_page_without_the_tag_is_bad_input(capsys, host):
    store = host(bundle=False)
    code, _, err = doctor(capsys, store.url + PAGE)
    assert code == 2
    assert err.startswith(f"error: no Kairos script tag in {store.url}{PAGE}")
