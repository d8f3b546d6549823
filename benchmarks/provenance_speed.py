"""Time the provenance stage alone on generated corpora of growing size.

    python benchmarks/provenance_speed.py 120 480 1920

Lexical alignment of the generated texts runs first (not timed here; see
BENCHMARKS.md for alignment speed); then ``infer_provenance`` is timed on the
documents and passages, as the local and Spark engines call it.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prov_corpus  # noqa: E402


def run(n_stories: int) -> dict:
    """Return sizes and the provenance time for one corpus of n_stories stories."""
    from newstrace.align.api import align_documents
    from newstrace.provenance import infer_provenance
    from newstrace.settings import Settings
    settings = Settings()
    stories = prov_corpus.generate(n_stories, seed=7)
    docs = [dict(d, doc_id=d["id"], published_source="input" if d.get("published") else None)
            for st in stories for d in st.docs]
    passages = [p.__dict__ for p in align_documents({d["doc_id"]: d["text"] for d in docs}, None,
                                                     settings.align, jobs=2)]
    t0 = time.perf_counter()
    r = infer_provenance(docs, passages, settings.provenance)
    dt = time.perf_counter() - t0
    return {"stories": n_stories, "documents": len(docs), "passages": len(passages), "pairs": len(r.pairs),
            "families": len(r.families), "edges": len(r.edges), "seconds": round(dt, 2),
            "docs_per_s": round(len(docs) / dt), "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


if __name__ == "__main__":
    for n in [int(x) for x in sys.argv[1:]] or [120, 480, 1920]:
        print(json.dumps(run(n)), flush=True)
