"""Kairos rule compiler: rule files (YAML) -> diagnostics, IR (JSON) and the generated rules module.

The modules read like the pipeline:

    source.py      rule file text -> YAML node tree with positions (tabs rejected)
    schema.py      YAML node tree -> RuleSpec / MomentSpec records (keys, `show:`, ids, ...)
    caps.py        `limit`, `cooldown`, `schedule`, `variants`, `holdout` values -> IR values
    lexer.py       `when:` text -> tokens with offsets
    parser.py      tokens -> syntax tree (nodes.py)
    vocabulary.py  the closed set of signals, functions, types and units
    moments.py     the library of micro-moments (named conditions)
    checker.py     syntax tree -> typed IR expression (names, types, units, moments inlined)
    catalog.py     snippets/catalog.yaml -> snippet contracts
    rules.py       RuleSpec -> checked rule (condition, `show:` against the catalog)
    lint.py        checked rules -> warnings (never fires, shadowed, unused params, ...)
    ir.py          checked rules -> the versioned IR (docs/contracts.md section 3)
    interpret.py   IR + signal state -> truth of each condition (the reference interpreter;
                   `_ops.py` finds `kairos_engine.ops`, which it shares with generated code)
    codegen.py     IR -> the generated `kairos_rules.py` (docs/contracts.md section 4)
    unparse.py     IR expression -> rule-language text
    explain.py     checked rule -> plain-words description
    driver.py      paths -> Report / Compiled (the API used by build.py)

`errors.py` holds the diagnostics shared by every stage. `bundle.py`, `wheel.py`,
`templates.py` and `kernel.py` pack the compiled rules into the browser bundle.
"""
