"""Kairos compiler: rule files -> a bundle a storefront loads with one script tag.

Two halves, in pipeline order:

    language/   rule files -> diagnostics, the IR and the generated rules module
    bundle/     the generated module + engine + snippets + Pyodide -> dist/ and its manifest

`api.py` is the one API over both (what `build.py`, the tests and the benchmark call);
`paths.py` says where the compiler finds its inputs.
"""
