"""baocao: Vietnamese Party committee reports in, queryable data out."""

from pipeline.model import Document

__all__ = ["Document"]
