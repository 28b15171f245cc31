"""Mirrors of runtime/kernel/page/: the product, the page type and the context of a page view."""
