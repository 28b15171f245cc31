"""Labelled samples -> a fitted logistic regression (scikit-learn), its figures on held-out
visitors, and the same figures for the frequency baseline (the base rate per page type).

Visitors, not samples, are split (seeded): a held-out visitor's moments are all unseen, as a
new shopper's would be. The model is L2-regularised logistic regression on standardized
features; its coefficients are exported on the raw feature scale (the standardization folded
in), so the browser needs no scaler: p = 1 / (1 + exp(-(intercept + sum(w * x)))).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from .samples import Samples

HOLDOUT = 0.25  # share of visitors held out
C = 1.0  # inverse strength of the L2 penalty (scikit-learn's default)
DECILES = 10


class FitError(ValueError):
    """Samples that cannot make a model (too few, one class only): a one-line message."""


@dataclass
class Fitted:
    pipeline: Pipeline
    features: list[str]
    coefficients: list[float]  # on the raw feature scale
    intercept: float
    metrics: dict  # held out: auc, log_loss, calibration, samples, positives
    baseline: dict  # the same for the base rate per page type, and its rates
    split: dict  # visitors and samples on each side

    @property
    def beats_baseline(self) -> bool:
        return (self.metrics["auc"] > self.baseline["auc"]
                and self.metrics["log_loss"] < self.baseline["log_loss"])


def held_out(visitor: str, seed: int) -> bool:
    """Whether `visitor` is held out: a seeded hash, the same in any order and any process."""
    digest = hashlib.sha256(f"{seed}:holdout:{visitor}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < HOLDOUT


def fit(samples: Samples, seed: int, names: list[str]) -> Fitted:
    """Fit on the training visitors, measure on the held-out ones. Raises FitError."""
    if not len(samples):
        raise FitError("no samples: the engine never woke in these sessions before the target was reached")
    x = samples.rows
    y = np.frombuffer(samples.labels, dtype=np.int8).astype(int)
    test = np.fromiter((held_out(v, seed) for v in samples.visitors), dtype=bool, count=len(y))
    train = ~test
    for side, mask in (("training", train), ("held-out", test)):
        classes = set(np.unique(y[mask]).tolist())
        if classes != {0, 1}:
            have = "no" if not mask.any() else ("only positive" if classes == {1} else "only negative")
            raise FitError(f"the {side} visitors have {have} samples; more sessions are needed")
    pipeline = Pipeline([("scale", StandardScaler()),
                         ("logistic", LogisticRegression(C=C, max_iter=1000, random_state=seed))])
    pipeline.fit(x[train], y[train])
    scale, logistic = pipeline.named_steps["scale"], pipeline.named_steps["logistic"]
    weights = logistic.coef_[0] / scale.scale_
    intercept = float(logistic.intercept_[0] - np.dot(weights, scale.mean_))
    predicted = pipeline.predict_proba(x[test])[:, 1]
    kinds = np.asarray(samples.page_types)
    rates = base_rates(kinds[train], y[train])
    overall = rates.pop("*")
    base = np.array([rates.get(kind, overall) for kind in kinds[test]])
    split = {"visitors": len(set(samples.visitors)),
             "held_out_visitors": len({v for v, t in zip(samples.visitors, test, strict=True) if t}),
             "training_samples": int(train.sum()), "held_out_samples": int(test.sum())}
    return Fitted(pipeline, list(names), [float(w) for w in weights], intercept,
                  figures(y[test], predicted), {**figures(y[test], base), "rates": rates, "overall": overall},
                  split)


def base_rates(kinds, labels) -> dict:
    """The frequency baseline: the share of positive samples per page type (Laplace-smoothed,
    so a type never seen positive is not certain), and overall under `*`."""
    out = {}
    for kind in sorted(set(kinds.tolist())):
        mask = kinds == kind
        out[kind] = (float(labels[mask].sum()) + 1) / (int(mask.sum()) + 2)
    out["*"] = (float(labels.sum()) + 1) / (len(labels) + 2)
    return out


def figures(labels, predicted) -> dict:
    """AUC, log loss and a calibration table (deciles of the prediction: mean predicted vs
    observed rate) of predictions on held-out samples."""
    predicted = np.asarray(predicted, dtype=float)
    return {"auc": float(roc_auc_score(labels, predicted)),
            "log_loss": float(log_loss(labels, predicted, labels=[0, 1])),
            "calibration": calibration(labels, predicted),
            "samples": len(labels), "positives": int(np.sum(labels))}


def calibration(labels, predicted) -> list[dict]:
    """Held-out samples sorted by prediction in ten groups of (nearly) equal size."""
    order = np.argsort(predicted, kind="stable")
    out = []
    for chunk in np.array_split(order, DECILES):
        if len(chunk):
            out.append({"predicted": float(np.mean(predicted[chunk])),
                        "observed": float(np.mean(labels[chunk])), "samples": len(chunk)})
    return out
