"""Model files (`models/NAME.json`, made by `build.py train`) -> the models `predict.NAME` reads,
checked, with the wake-up thresholds each needs; malformed files become diagnostics.

A rule set finds its models in a `models/` folder next to its rule files (beside a rule file,
or inside a rule folder), or in the folder `--models DIR` names. The file format is
docs/contracts.md section 10; its `hash` is the sha256 of the canonical JSON of everything else
(`model_hash`), so a model edited by hand after training is refused.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ._ops import features
from .errors import ERROR, Diagnostic

MODEL_VERSION = 1
NAME = re.compile(r"[a-z_][a-z0-9_]*")
# How stale the engine's prediction may get between two wake-ups, as far as one growing input
# (dwell, product dwell, scroll) goes: its thresholds are placed where the model's logit has
# moved by this much (0.1 is about 2 points of probability near 0.7), up to these caps.
LOGIT_STEP = 0.1
CAPS = {"page.dwell": 600_000, "product.dwell": 600_000, "page.scroll": 100}
MAX_MARKS = 24  # per input; a steeper model gets wider steps rather than more wake-ups


@dataclass(frozen=True)
class Model:
    """A checked model: what the engine needs to compute `predict.NAME` and where it came from."""

    name: str
    file: str
    target: str
    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float
    hash: str

    def runtime(self) -> dict:
        """The model as the IR and the generated module carry it."""
        return {"file": self.file, "target": self.target, "features": list(self.features),
                "coefficients": list(self.coefficients), "intercept": self.intercept, "hash": self.hash}

    def weight(self, feature: str) -> float:
        return dict(zip(self.features, self.coefficients, strict=True)).get(feature, 0.0)


def canonical(doc: dict) -> bytes:
    """The canonical JSON of a model file without its hash: sorted keys, no spaces, UTF-8."""
    body = {k: v for k, v in doc.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def model_hash(doc: dict) -> str:
    return hashlib.sha256(canonical(doc)).hexdigest()


def folders(paths, models_dir=None) -> list[Path]:
    """Where the models of these rule paths are: `models_dir`, else `models/` beside each rule
    file and inside each rule folder (in the order given, without repeats)."""
    if models_dir is not None:
        return [Path(models_dir)]
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        folder = (path if path.is_dir() else path.parent) / "models"
        if folder not in out:
            out.append(folder)
    return out


def find(paths, models_dir=None, display=str) -> tuple[dict[str, Model], list[Diagnostic], list[str]]:
    """(models by name, diagnostics, the folders looked in, as shown) for rule `paths`."""
    models: dict[str, Model] = {}
    diags: list[Diagnostic] = []
    looked = folders(paths, models_dir)
    if models_dir is not None and not Path(models_dir).is_dir():
        diags.append(Diagnostic(ERROR, "no such models folder (--models)", file=display(Path(models_dir))))
        return models, diags, [display(f) for f in looked]
    for folder in looked:
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
            model, problem = load(path, display(path))
            if problem:
                diags.append(Diagnostic(ERROR, problem, file=display(path)))
            elif model.name in models and models[model.name].hash != model.hash:
                diags.append(Diagnostic(ERROR, f"a different model `{model.name}` is already in "
                                        f"{models[model.name].file}; keep one of them", file=display(path)))
            else:
                models.setdefault(model.name, model)
    return models, diags, [display(f) for f in looked]


def load(path: Path, shown: str) -> tuple[Model | None, str | None]:
    """A model file -> (Model, None), or (None, what is wrong with it in one line)."""
    try:
        doc = json.loads(path.read_text("utf-8"))
    except OSError as error:
        return None, f"cannot read: {error.strerror}"
    except UnicodeDecodeError:
        return None, "not a model file: not UTF-8 text"
    except json.JSONDecodeError as error:
        return None, f"not a model file: not JSON ({error.msg} at line {error.lineno}, column {error.colno})"
    problem = _problem(doc, path.stem)
    if problem:
        return None, problem
    return Model(doc["name"], shown, doc["target"], tuple(doc["features"]),
                 tuple(float(c) for c in doc["coefficients"]), float(doc["intercept"]), doc["hash"]), None


def _finite(v) -> bool:
    return type(v) in (int, float) and math.isfinite(v)


def _problem(doc, stem: str) -> str | None:
    retrain = "; train it again with `python build.py train`"
    if not isinstance(doc, dict) or "model_version" not in doc:
        return "not a model file (it has no `model_version`; `python build.py train` makes them)"
    if doc["model_version"] != MODEL_VERSION:
        return f"model_version {doc['model_version']!r} is not one this compiler reads ({MODEL_VERSION})"
    if doc.get("name") != stem or not NAME.fullmatch(stem):
        return (f"the model's `name` must be its file name, a name like `add_to_cart` "
                f"(lowercase letters, digits, `_`): got {doc.get('name')!r} in {stem}.json")
    if not isinstance(doc.get("target"), str) or not doc["target"]:
        return "`target` must be the event it predicts, as text"
    names, coefs = doc.get("features"), doc.get("coefficients")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return "`features` must be a non-empty list of feature names"
    unknown = [n for n in names if n not in features.FEATURES]
    if unknown:
        return f"feature `{unknown[0]}` is not one this engine computes{retrain}"
    if len(set(names)) != len(names):
        return "`features` names a feature twice"
    if not isinstance(coefs, list) or len(coefs) != len(names) or not all(_finite(c) for c in coefs):
        return "`coefficients` must be one finite number per feature"
    if not _finite(doc.get("intercept")):
        return "`intercept` must be a finite number"
    if doc.get("hash") != model_hash(doc):
        return f"its `hash` does not match its content (edited after training?){retrain}"
    return None


# -- when the kernel wakes the engine for a rule that reads a model --------------------------------
def watch_of(model: Model) -> dict:
    """What a rule reading `predict.NAME` watches: every input of the model's features (of a
    weight other than 0) that changes in steps, and thresholds on the growing ones (dwell,
    product dwell, scroll) where the model's logit moves by LOGIT_STEP (`marks`)."""
    used = {name for name, weight in zip(model.features, model.coefficients, strict=True) if weight}
    signals = [key for key in features.inputs(used) if key not in features.CONTINUOUS_INPUTS]
    thresholds = {}
    for key, feature in features.CONTINUOUS_INPUTS.items():
        if feature in used:
            points = marks(key, model.weight(feature))
            if points:
                thresholds[key] = [[v, ">="] for v in points]
    return {"signals": signals, "thresholds": thresholds}


def marks(key: str, weight: float) -> list[int]:
    """Raw values of growing input `key` (ms, percent) where a feature of weight `weight` has
    moved the logit by another LOGIT_STEP (or by 1/MAX_MARKS of its whole range, if more)."""
    if not weight:
        return []
    top = features.transform(key, CAPS[key])
    step = max(LOGIT_STEP / abs(weight), top / MAX_MARKS)
    out = []
    k = 1
    while k * step <= top + 1e-12:
        raw = round(features.raw_at(key, k * step))
        if raw > 0 and (not out or raw > out[-1]):
            out.append(raw)
        k += 1
    return out
