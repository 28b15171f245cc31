"""`build.py simulate`: sessions replayed through the kernel's twin and the real engine, with
per-rule figures against the shopper model's ground truth, in a terminal table, JSON and HTML."""
