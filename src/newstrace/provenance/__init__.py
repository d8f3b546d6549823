"""Provenance: which way reused text flowed, where it started, and the graph of reuse."""
from .core import ProvenanceResult, infer_provenance
from .graph import GRAPH_FORMATS, RELATIONS, render_graph

__all__ = ["ProvenanceResult", "infer_provenance", "render_graph", "GRAPH_FORMATS", "RELATIONS"]
