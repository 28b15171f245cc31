"""Mirrors runtime/kernel/events/: what a snippet's life does to the page's state."""
