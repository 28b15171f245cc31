"""`build.py train`: sessions replayed through the kernel's twin and the real engine -> labelled
engine states (samples.py) -> a logistic regression and its held-out figures beside the base
rate's (fit.py) -> the model file `predict.NAME` reads (export.py), shown in Rich tables."""
