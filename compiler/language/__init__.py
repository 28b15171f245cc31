"""The rule language: rule files (YAML) -> diagnostics, the IR (JSON) and the generated rules module.

The stages, in pipeline order:

    source.py      rule file text -> YAML node tree with positions (tabs rejected)
    reader.py      YAML nodes -> checked scalars and mappings, typed values (the schema's walker)
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
    codegen.py     IR -> the generated `kairos_rules.py` (docs/contracts.md section 4)
    driver.py      paths -> Report / Compiled (the front end's API)

Beside the pipeline: `errors.py` (the diagnostics every stage reports), `interpret.py` (the
reference interpreter of the IR, the oracle for codegen; `_ops.py` finds the engine's
`kairos_engine.ops`, which it shares with generated code), `unparse.py` (IR expression ->
rule text) and `explain.py` (checked rule -> plain words).
"""
