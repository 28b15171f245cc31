"""`build.py report`: the lift of each rule's variants over control or holdout, from events
read by analytics/events/ (docs/contracts.md, "The lift report")."""
