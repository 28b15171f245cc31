"""The engine's debug half: why each rule fired or did not (explain.py), in the marketer's units
(words.py). Sent to the worker by the debug overlay when it opens; never in a shopper's engine."""
