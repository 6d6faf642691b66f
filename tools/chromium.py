"""How the project starts Debian's Chromium headless (tests and screenshots alike).

As root it needs --no-sandbox; without the background-networking flags it tries to reach Google's
hosts, which this network refuses.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
