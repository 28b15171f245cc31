"""The bundle: the generated rules module + engine + snippets + pinned Pyodide -> dist/.

The stages, in pipeline order:

    config.py       IR -> what the kernel is told (page types worth booting on, defaults)
    templates.py    snippets/*.html.j2 -> precompiled Jinja2 modules
    vendor.py       PyPI -> the third-party wheels the browser needs (Jinja2, MarkupSafe)
    wheel.py        files -> deterministic zips and the engine's wheel
    prebake.py      wheels -> 3.14 bytecode, a trimmed stdlib and the engine memory snapshot,
                    made by Pyodide itself under Node (prebake.mjs; snapshot_prepare.py runs
                    inside it, just before the snapshot)
    kernel.py       runtime/kernel + runtime/engine/worker.js -> minified JS (npm esbuild)
    assemble.py     all of the above -> every file of the bundle, content-hashed names
    manifest.py     files -> hashes, brotli/gzip sizes, manifest.json, the script tag
    output.py       files -> the output folder (swapped in whole) with .br/.gz copies

`errors.py` holds the one exception family of this half (BundleFailed and its kinds).
"""
