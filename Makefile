# The two commands of the README. Both set up what they need first (tools/setup.sh).
.PHONY: demo test test-fast fuzz bench lint screenshots

demo:  ## build the demo rules and serve the demo storefront on http://127.0.0.1:8000/
	@bash tools/setup.sh
	.venv/bin/python build.py serve $(ARGS)

test:  ## run the whole test suite (compiler, engine, in-browser end-to-end)
	@bash tools/setup.sh --browser
	.venv/bin/python -m pytest $(ARGS)

test-fast:  ## the suite without the slow tests
	@bash tools/setup.sh --browser
	.venv/bin/python -m pytest -m "not slow" $(ARGS)

screenshots:  ## every snippet on the demo, 360/1280 px, light/dark, into docs/snippets/ (README)
	@bash tools/setup.sh --browser
	.venv/bin/python -m pytest tests/e2e/test_screenshots.py --screenshots docs/snippets $(ARGS)

fuzz:  ## 10,000+ compiler fuzz cases
	@bash tools/setup.sh
	.venv/bin/python tools/fuzz_compiler.py --cases 10000

bench:  ## compiler and runtime benchmarks (prints figures; not a test)
	@bash tools/setup.sh --browser
	.venv/bin/python tools/bench_compiler.py
	.venv/bin/python build.py bench

lint:
	.venv/bin/ruff check .
