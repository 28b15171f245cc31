"""The Northwind demo storefront: its pages, its rules and its server (see README.md here)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
RULES = HERE / "rules"
SITE = HERE / "site"
CATALOG = HERE / "catalog.json"
