"""What every measurement of the benchmark shares: settings, statistics, inputs, server, browser.

    settings.py   run settings (runs per figure, quick mode), the targets, progress output
    stats.py      medians, spreads, percentiles, ratios
    inputs.py     the site (demo store + bench pages) and the bundles built for a run
    server.py     the demo server on a free port, and what it sent (bytes per request)
    browser.py    Chromium: launch, fresh and incognito profiles, waits on Kairos's events
"""
