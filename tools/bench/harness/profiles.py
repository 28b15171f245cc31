"""Device profiles of the benchmark: what a context emulates and what CDP throttles.

    desktop   1280x720, no throttling (the figures the README's performance table has always had)
    mobile    Lighthouse's mobile: a Moto G Power (412x823 CSS px at 1.75x, touch, a mobile
              Chrome user agent), 4x CPU slowdown and the "Slow 4G" network

The network is throttled the way Lighthouse's DevTools throttling does it (its
`throttling.mobileSlow4G`: 150 ms RTT, 1.6 Mbps down, 750 kbps up). DevTools throttling delays
whole requests, not packets, so Lighthouse applies the packet-level figures with its own
adjustments, and so do we, exactly: request latency 150 x 3.75 = 562.5 ms, download
1.6 x 1024 x 0.9 = 1,474.56 kbps and upload 750 x 0.9 = 675 kbps, which CDP takes in bytes per
second (kbps x 1024 / 8): 188,743.68 B/s down, 86,400 B/s up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KBPS = 1024 / 8  # CDP's throughputs are bytes per second; Lighthouse's kbps are 1,024 bits


@dataclass(frozen=True)
class Profile:
    name: str
    viewport: dict
    device_scale_factor: float = 1
    is_mobile: bool = False
    has_touch: bool = False
    user_agent: str | None = None
    cpu_slowdown: float = 1  # CDP Emulation.setCPUThrottlingRate
    network: dict | None = field(default=None)  # CDP Network.emulateNetworkConditions

    def context_options(self) -> dict:
        """Playwright's new_context / launch_persistent_context options for this device."""
        options = {"viewport": self.viewport, "device_scale_factor": self.device_scale_factor,
                   "is_mobile": self.is_mobile, "has_touch": self.has_touch}
        if self.user_agent:
            options["user_agent"] = self.user_agent
        return options

    def throttle(self, context, page, *, network: bool = True):
        """Apply the CPU slowdown (and the network, unless `network` is False) to `page`
        through CDP; returns the CDP session (it must outlive the measurement)."""
        cdp = context.new_cdp_session(page)
        if self.cpu_slowdown != 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": self.cpu_slowdown})
        if network and self.network:
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **self.network})
        return cdp


SLOW_4G = {  # Lighthouse's mobileSlow4G as DevTools throttling applies it (see the docstring)
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1024 * 0.9 * KBPS,
    "uploadThroughput": 750 * 0.9 * KBPS,
    "connectionType": "cellular4g",
}

DESKTOP = Profile("desktop", {"width": 1280, "height": 720})
MOBILE = Profile(
    "mobile", {"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True,
    has_touch=True, cpu_slowdown=4, network=SLOW_4G,
    user_agent="Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 "
               "(KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36")
PROFILES = {p.name: p for p in (DESKTOP, MOBILE)}
