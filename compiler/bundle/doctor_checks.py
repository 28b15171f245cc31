"""What `doctor` finds wrong with how a host serves a bundle: pure checks over fetched replies,
each problem with its fix in one line (doctor.py fetches and prints)."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field

JS_TYPES = {"text/javascript", "application/javascript", "application/x-javascript",
            "text/ecmascript", "application/ecmascript", "module"}
HASHED = re.compile(r"[.-][0-9a-f]{8,}(?:[./-]|$)")
YEAR = 365 * 24 * 3600
LONG_ENOUGH = 30 * 24 * 3600  # hashed files kept less than a month are fetched again for nothing
MANIFEST_MAX_AGE = 300  # manifest.json names the current build: at most 5 minutes stale


@dataclass
class Reply:
    """One HTTP answer: status, headers (lower-case names) and the body as sent (still encoded)."""

    url: str
    status: int
    headers: dict = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass
class Problem:
    where: str  # a file of the bundle, "page" or "csp"
    what: str
    fix: str


def is_hashed(name: str) -> bool:
    """True for bundle files whose name or folder carries a content hash (cacheable forever)."""
    return bool(HASHED.search(name))


def max_age(cache_control: str) -> int | None:
    match = re.search(r"(?:^|[,\s])max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else None


def mime(name: str, reply: Reply) -> Problem | None:
    kind = reply.header("content-type").split(";")[0].strip().lower()
    if name.endswith(".wasm") and kind != "application/wasm":
        return Problem(name, f"served as {kind or 'no type'}, not application/wasm: the browser "
                             "refuses to compile it as it streams in",
                       "send Content-Type: application/wasm for .wasm (nginx: types { application/wasm "
                       "wasm; }; S3: --content-type application/wasm)")
    if name.endswith((".js", ".mjs")) and kind not in JS_TYPES:
        return Problem(name, f"served as {kind or 'no type'}: browsers refuse a module script that "
                             "is not JavaScript",
                       "send Content-Type: text/javascript for .js and .mjs (nginx: types { "
                       "text/javascript js mjs; })")
    return None


def caching(name: str, reply: Reply) -> Problem | None:
    cache = reply.header("cache-control").lower()
    if name == "manifest.json":
        age = max_age(cache)
        if "no-cache" not in cache and "no-store" not in cache and age is not None and age > MANIFEST_MAX_AGE:
            return Problem(name, f"cached for {age:,} s: tools reading it see an old build that long",
                           "send Cache-Control: no-cache for manifest.json")
        return None
    if not is_hashed(name):
        return None
    if "no-store" in cache or "no-cache" in cache:
        word = "no-store" if "no-store" in cache else "no-cache"
        return Problem(name, f"Cache-Control: {word} on a content-hashed file: "
                             + ("every page view downloads it again" if word == "no-store"
                                else "every page view asks the host again"),
                       "send Cache-Control: public, max-age=31536000, immutable for every file "
                       "but manifest.json")
    age = max_age(cache)
    if age is None and not reply.header("expires"):
        return Problem(name, "no Cache-Control: browsers guess how long to keep it",
                       "send Cache-Control: public, max-age=31536000, immutable for every file "
                       "but manifest.json")
    if age is not None and age < LONG_ENOUGH:
        return Problem(name, f"max-age={age:,} on a content-hashed file: it is fetched again soon",
                       "send Cache-Control: public, max-age=31536000, immutable")
    return None


def compression(name: str, reply: Reply, entry: dict, copy_ok: bool | None) -> Problem | None:
    """The big file as sent to a browser that accepts brotli and gzip."""
    coding = reply.header("content-encoding").lower()
    if coding in ("br", "gzip", "zstd", "deflate"):
        return None
    sent = len(reply.body)
    fallback = (f"; the worker falls back to its zstd copy ({entry['zstd']:,} B)"
                if entry.get("zstd") and copy_ok else "")
    if entry.get("zstd") and copy_ok is False:
        fallback = f"; and {name}.zst is missing, so the worker downloads all of it"
    return Problem(name, f"sent uncompressed ({sent:,} B; brotli {entry['brotli']:,} B){fallback}",
                   f"serve the precompressed {name.rsplit('/', 1)[-1]}.br with Content-Encoding: br "
                   "(nginx: brotli_static on; Caddy: file_server { precompressed br gzip }; "
                   "S3/Netlify: see the README)")


def cors(name: str, reply: Reply, page_origin: str) -> Problem | None:
    allowed = reply.header("access-control-allow-origin").strip()
    if allowed in ("*", page_origin):
        return None
    return Problem(name, f"no Access-Control-Allow-Origin for {page_origin} (got "
                         f"{allowed or 'none'}): the kernel's integrity check and the worker's "
                         "fetches fail from the store's pages",
                   "send Access-Control-Allow-Origin: * (or the store's origin) on every bundle file")


def sri(tag: dict, kernel_name: str, kernel: bytes, cross_origin: bool) -> list[Problem]:
    """The page's script tag against the served kernel."""
    problems = []
    integrity = tag.get("integrity", "")
    if not integrity:
        problems.append(Problem("page", "the script tag has no integrity attribute",
                                "paste the tag from manifest.json's script_tag"))
    for token in integrity.split():
        algorithm, _, digest = token.partition("-")
        if algorithm not in ("sha256", "sha384", "sha512"):
            continue
        actual = base64.b64encode(hashlib.new(algorithm, kernel).digest()).decode()
        if actual != digest:
            problems.append(Problem("page", f"the tag's integrity does not match the served "
                                            f"{kernel_name}: the browser refuses the kernel "
                                            "(no personalization)",
                                    "paste the tag from manifest.json's script_tag (the current "
                                    "build), and deploy that build's files"))
        break
    if integrity and cross_origin and "crossorigin" not in tag:
        problems.append(Problem("page", "integrity on another origin's script needs "
                                        "crossorigin=\"anonymous\"",
                                "paste the tag from manifest.json's script_tag"))
    return problems


def needed_csp(page_origin: str, bundle_origin: str, plain_host: bool) -> dict[str, list[str]]:
    """The sources a page's Content-Security-Policy must allow, per directive.

    A same-origin worker runs under its own response's policy; a cross-origin bundle's worker
    starts from a Blob and inherits the page's, so the page must also allow WebAssembly and,
    on a host that compresses nothing, the Blob of Pyodide's decoded module. worker-src
    governs the worker's own module graph too: the Blob and the bundle's worker module it
    imports (measured in Chromium: tests/e2e/test_static_hosts.py)."""
    if page_origin == bundle_origin:
        return {"script-src": ["'self'"], "worker-src": ["'self'"], "connect-src": ["'self'"]}
    script = [bundle_origin, "'wasm-unsafe-eval'"] + (["blob:"] if plain_host else [])
    return {"script-src": script, "worker-src": ["blob:", bundle_origin], "connect-src": [bundle_origin]}


def parse_csp(header: str) -> dict[str, list[str]]:
    policy: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy.setdefault(words[0].lower(), words[1:])
    return policy


FALLBACKS = {"script-src": ["default-src"], "connect-src": ["default-src"],
             "worker-src": ["child-src", "script-src", "default-src"]}


def allows(sources: list[str], needed: str, page_origin: str) -> bool:
    """True when a directive's `sources` match `needed` (a source expression or an origin)."""
    lowered = {s.lower().rstrip("/") for s in sources}
    if needed.lower() in lowered:
        return True
    origin = page_origin if needed == "'self'" else needed
    if origin.startswith("http"):
        return bool({"*", origin.lower(), origin.split(":", 1)[0] + ":"} & lowered) or (
            origin == page_origin and "'self'" in lowered)
    return False


def csp(header: str, needed: dict[str, list[str]], page_origin: str) -> list[Problem]:
    """Directives of the page's policy that block something the bundle needs."""
    policy = parse_csp(header)
    problems = []
    for directive, sources in needed.items():
        governing = next((d for d in [directive, *FALLBACKS[directive]] if d in policy), None)
        if governing is None:
            continue
        missing = [s for s in sources if not allows(policy[governing], s, page_origin)]
        if missing:
            problems.append(Problem("csp", f"{governing} does not allow {' '.join(missing)}"
                                           + (f" (it governs {directive})" if governing != directive else ""),
                                    f"add {' '.join(missing)} to {directive} in the page's "
                                    "Content-Security-Policy"))
    return problems
