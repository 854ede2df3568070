"""baocao: Vietnamese Party committee reports in, queryable data out."""

from importlib.metadata import PackageNotFoundError, version

from pipeline.model import Document

try:
    __version__ = version("baocao")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0.0.0+source"

__all__ = ["Document", "__version__"]
