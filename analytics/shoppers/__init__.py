"""The shopper model: a store's pages (store.py), six shopper types (types.py), and seeded
visitors whose raw timelines carry their ground truth (model.py, journey.py); traces.py reads
and writes trace files."""
