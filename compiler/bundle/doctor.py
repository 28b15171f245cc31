"""`build.py doctor URL`: a deployed bundle, checked the way a store engineer needs it.

URL is the bundle's base URL (where manifest.json is) or a store page with the script tag, which
is found and followed. Read: manifest.json; every file of the bundle as a browser that accepts
brotli and gzip gets it, the big ones also without compression; the page's tag and policy.
Checked (doctor_checks.py): MIME types, what each big file costs over the wire, cache headers of
the hashed files and of the manifest, CORS when the bundle is on another origin than the page,
the tag's SRI against the served kernel, and the Content-Security-Policy the page needs.
Only the standard library's urllib speaks HTTP.

    report = diagnose(url)      # raises DoctorInputError for an unreachable URL or no bundle
    print(render(report))       # what is wrong, each with its fix; a verdict
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import brotli

from . import doctor_checks as checks
from .doctor_checks import Problem, Reply
from .manifest import first_visit_files

TIMEOUT_S = 30
ACCEPT = "br, gzip"


class DoctorInputError(Exception):
    """The URL cannot be checked: unreachable, or neither a bundle nor a page with its tag."""


@dataclass
class Report:
    base: str
    page: str | None
    page_origin: str | None
    manifest: dict
    costs: list[dict] = field(default_factory=list)  # per first-visit file: raw, brotli, wire
    problems: list[Problem] = field(default_factory=list)
    csp_needed: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def fetch(url: str, *, method: str = "GET", encodings: str = ACCEPT, origin: str | None = None) -> Reply:
    """One request; the body as sent (not decoded). HTTP errors are replies; a network error raises."""
    headers = {"Accept-Encoding": encodings or "identity", "User-Agent": "kairos-doctor/1"}
    if origin:
        headers["Origin"] = origin
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            body = response.read() if method == "GET" else b""
            return Reply(url, response.status, {k.lower(): v for k, v in response.headers.items()}, body)
    except urllib.error.HTTPError as error:
        return Reply(url, error.code, {k.lower(): v for k, v in error.headers.items()}, b"")


def decoded(reply: Reply) -> bytes:
    coding = reply.header("content-encoding").lower()
    if coding == "br":
        return brotli.decompress(reply.body)
    if coding == "gzip":
        return gzip.decompress(reply.body)
    return reply.body


class _Tags(HTMLParser):
    """The page's <script> tags (attributes) and <meta http-equiv> policy."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.meta_csp = ""

    def handle_starttag(self, tag: str, attrs) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script" and values.get("src"):
            self.scripts.append(values)
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.meta_csp = values.get("content", "")


def _reach(url: str, **options) -> Reply:
    try:
        return fetch(url, **options)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise DoctorInputError(f"cannot reach {url}: {reason}") from None


def locate(url: str) -> tuple[str, dict | None, Reply | None]:
    """(bundle base URL, the page's script tag or None, the page's reply or None)."""
    if not urlsplit(url).scheme.startswith("http"):
        raise DoctorInputError(f"not an http(s) URL: {url}")
    if url.endswith(("/", "manifest.json")):  # the bundle's folder: its manifest says the rest
        return url[: len(url) - len("manifest.json")] if url.endswith(".json") else url, None, None
    reply = _reach(url)
    if reply.status != 200:
        raise DoctorInputError(f"{url} answered HTTP {reply.status}")
    if "html" not in reply.header("content-type").lower():
        if url.endswith("manifest.json"):
            return url[: -len("manifest.json")], None, None
        return (url if url.endswith("/") else url + "/"), None, None
    parser = _Tags()
    parser.feed(decoded(reply).decode("utf-8", "replace"))
    tags = [t for t in parser.scripts if re.search(r"kairos\.[0-9a-f]{8,}\.js", t["src"])]
    if not tags:
        raise DoctorInputError(f"no Kairos script tag in {url} (a <script src=\".../kairos.<hash>.js\">)")
    reply.headers.setdefault("content-security-policy", parser.meta_csp)
    src = urljoin(url, tags[0]["src"])
    return urljoin(src, "."), {**tags[0], "src": src}, reply


def diagnose(url: str) -> Report:
    base, tag, page = locate(url)
    reply = _reach(urljoin(base, "manifest.json"))
    try:
        manifest = json.loads(decoded(reply)) if reply.status == 200 else None
    except (ValueError, OSError):
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise DoctorInputError(f"no Kairos manifest at {urljoin(base, 'manifest.json')} "
                               f"(HTTP {reply.status})")
    page_origin = origin_of(page.url) if page else None
    report = Report(base, page.url if page else None, page_origin, manifest)
    cross = page_origin is not None and page_origin != origin_of(base)
    if (problem := checks.caching("manifest.json", reply)) is not None:
        report.problems.append(problem)
    plain = _files(report, cross)
    if page is None:
        report.notes.append("no page given: CORS, the tag's SRI and the page's policy were not "
                            "checked (run doctor on a store page's URL)")
    else:
        _page(report, tag, page, cross, plain)
    return report


def _files(report: Report, cross: bool) -> bool:
    """Every file: type, caching, its sha256, CORS; the big ones' cost with and without
    compression. True when some big file came uncompressed (the zstd path is taken)."""
    manifest, base, origin = report.manifest, report.base, report.page_origin if cross else None
    first = {e["name"] for e in first_visit_files(manifest)}
    cors_missing: list[str] = []
    plain = False
    for entry in manifest["files"]:
        name = entry["name"]
        if name == "manifest.json":
            continue
        reply = _reach(urljoin(base, name), origin=origin)
        if reply.status != 200:
            if name in first or "copy_of" in entry:
                report.problems.append(Problem(name, f"HTTP {reply.status}",
                                               "deploy every file of the bundle (dist/) as built"))
            continue
        for check in (checks.mime, checks.caching):
            if (problem := check(name, reply)) is not None:
                report.problems.append(problem)
        worker_reads = name in first or entry.get("copy_of") in first
        if cross and worker_reads and checks.cors(name, reply, report.page_origin) is not None:
            cors_missing.append(name)
        body = decoded(reply)
        if hashlib.sha256(body).hexdigest() != entry["sha256"]:
            report.problems.append(Problem(name, "its bytes are not the build's (sha256 differs)",
                                           "deploy the bundle again, every file as built"))
        if name not in first:
            continue
        raw = _reach(urljoin(base, name), method="HEAD", encodings="")
        length = raw.header("content-length")
        cost = {"name": name, "size": entry["size"], "brotli": entry["brotli"],
                "sent": len(reply.body), "coding": reply.header("content-encoding") or "none",
                "identity": int(length) if length.isdigit() else None, "zstd": entry.get("zstd")}
        report.costs.append(cost)
        if entry.get("zstd") or entry["size"] >= 64 * 1024:
            copy_ok = None
            if entry.get("zstd") and not reply.header("content-encoding"):
                plain = True
                copy_ok = _reach(urljoin(base, f"{name}.zst"), method="HEAD").status == 200
                cost["zstd_used"] = copy_ok
            if (problem := checks.compression(name, reply, entry, copy_ok)) is not None:
                report.problems.append(problem)
    if cors_missing:
        problem = checks.cors(cors_missing[0], Reply("", 0), report.page_origin)
        problem.where = f"{len(cors_missing)} files ({cors_missing[0]}, ...)"
        report.problems.append(problem)
    return plain


def _page(report: Report, tag: dict, page: Reply, cross: bool, plain: bool) -> None:
    kernel_name = report.manifest.get("kernel", "")
    served = tag["src"].rsplit("/", 1)[-1]
    if served != kernel_name.rsplit("/", 1)[-1]:
        report.problems.append(Problem("page", f"the page loads {served}, the manifest's build is "
                                               f"{kernel_name}: an old tag",
                                       "paste the tag from manifest.json's script_tag"))
    kernel = _reach(tag["src"], origin=report.page_origin if cross else None)
    if kernel.status != 200:
        report.problems.append(Problem("page", f"{tag['src']} answered HTTP {kernel.status}",
                                       "deploy the bundle, or paste the current tag"))
    else:
        report.problems.extend(checks.sri(tag, served, decoded(kernel), cross))
    report.csp_needed = checks.needed_csp(report.page_origin, origin_of(report.base), plain)
    policy = page.header("content-security-policy")
    if policy:
        report.problems.extend(checks.csp(policy, report.csp_needed, report.page_origin))


def render(report: Report) -> str:
    """The report as printed: files and costs, problems with fixes, the policy, a verdict."""
    lines = [f"Kairos bundle at {report.base}" + (f" (page {report.page})" if report.page else "")]
    lines.append(f"\n{'first-visit file':<52} {'raw':>11} {'brotli':>10} {'sent (br,gzip)':>16} "
                 f"{'sent (plain)':>13}")
    total = best = 0
    for c in report.costs:
        wire = c["zstd"] if c.get("zstd_used") else c["sent"]
        total, best = total + wire, best + c["brotli"]
        sent = f"{c['sent']:,} {c['coding']}" + (f" -> .zst {c['zstd']:,}" if c.get("zstd_used") else "")
        plain = f"{c['identity']:,}" if c["identity"] is not None else "?"
        lines.append(f"{c['name']:<52} {c['size']:>11,} {c['brotli']:>10,} {sent:>16} {plain:>13}")
    if report.costs:
        lines.append(f"a first visit costs about {total:,} B from this host "
                     f"({total / best:.2f}x the brotli figure, {best:,} B)")
    if report.csp_needed:
        lines.append("\nContent-Security-Policy the page needs: " + "; ".join(
            f"{d} {' '.join(s)}" for d, s in report.csp_needed.items()))
    lines.append("")
    for p in report.problems:
        lines.append(f"x {p.where}: {p.what}\n    fix: {p.fix}")
    for note in report.notes:
        lines.append(f"note: {note}")
    count = len(report.problems)
    lines.append(f"\n{'clean bill: nothing to fix' if not count else f'{count} problem(s) to fix'}")
    return "\n".join(lines)
