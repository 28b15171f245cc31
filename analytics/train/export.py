"""A fitted model -> its model file (docs/contracts.md section 10): the feature names, the
coefficients on the raw feature scale, the held-out figures beside the baseline's, what it
was trained on, and the hash of all that (compiler.api.model_hash)."""

from __future__ import annotations

import json
from pathlib import Path

import sklearn

from compiler.api import MODEL_VERSION, model_hash

from .fit import HOLDOUT, C, Fitted

DIGITS = 6  # of the figures (not of the coefficients, which are kept exactly)


def _rounded(value):
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def document(name: str, target: str, fitted: Fitted, trained_on: dict) -> dict:
    """The model file's content, hash included."""
    doc = {
        "model_version": MODEL_VERSION, "name": name, "target": target,
        "features": fitted.features, "coefficients": fitted.coefficients, "intercept": fitted.intercept,
        "metrics": _rounded(fitted.metrics), "baseline": _rounded(fitted.baseline),
        "trained_on": {**trained_on, **fitted.split, "holdout": HOLDOUT, "C": C,
                       "scikit_learn": sklearn.__version__},
    }
    doc["hash"] = model_hash(doc)
    return doc


def write(path: Path, doc: dict) -> None:
    """The file as people read it (sorted keys, one-space indent); the hash covers the content,
    not the layout."""
    path.write_text(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
