"""The bundle's failures: one exception family, each a message for people, never a traceback."""


class BundleFailed(Exception):
    """The bundle could not be made (a missing input such as the Pyodide npm package)."""


class EsbuildFailed(BundleFailed):
    """esbuild is missing or rejected the kernel sources."""


class VendorFailed(BundleFailed):
    """A third-party wheel could not be fetched or built."""


class PrebakeFailed(BundleFailed):
    """Pyodide under Node could not compile, record or snapshot the engine."""
