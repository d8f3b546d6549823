"""The local web UI and JSON API over a newstrace store (``newstrace serve``)."""
from .app import create_app

__all__ = ["create_app"]
