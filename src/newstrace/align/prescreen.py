"""A compiled test that says when a candidate pair cannot seed a passage.

Most candidate pairs are chance: documents that share a few rare word pairs
and no sentence. Building the pair model for them (tf-isf weights, dense
matrices of the shared stems, a matrix product, an n-gram lookup) costs about
thirty numpy calls, ≈ 0.25 ms per pair, almost all of it call overhead. This
module asks the same two questions in one compiled pass over the prepared
arrays:

* does any unit pair have a cosine above ``seed_cosine`` (less a margin for
  float32 rounding in the real model) and a Dice overlap above ``seed_dice``?
* does any folded word 5-gram of the target occur in the source, both inside
  sentence units?

If neither holds, :func:`lexical.align_pair` has no seed and returns nothing,
so the pair is skipped without changing any result; otherwise the pair goes
through the full numpy model as before. The answer is conservative by
construction: dot products run over the shared stems only (every other
product is zero), in float64, and the cosine threshold is lowered by
``_MARGIN``; Dice uses the model's exact integer formula.

numba compiles the kernels on first use and caches them on disk; without
numba (or with ``NEWSTRACE_NO_JIT=1``) :func:`may_seed` always answers True
and alignment runs as before, only slower.
"""
from __future__ import annotations

import os

import numpy as np

_MARGIN = 1e-3

try:  # pragma: no cover - exercised through may_seed
    if os.environ.get("NEWSTRACE_NO_JIT"):
        raise ImportError("disabled by NEWSTRACE_NO_JIT")
    from numba import njit
except ImportError:  # numba missing: no prescreen
    njit = None


def _kernel(t_terms, t_sf, t_entry_uniq, t_entry_unit, t_tf, t_ptr,
            s_terms, s_sf, s_entry_uniq, s_entry_unit, s_tf, s_ptr,
            n_units, cos_th, dice_th):
    """True when some unit pair may pass both seed thresholds (see module doc)."""
    n_t = t_ptr.shape[0] - 1
    n_s = s_ptr.shape[0] - 1
    nut = t_terms.shape[0]
    nus = s_terms.shape[0]
    if n_t == 0 or n_s == 0 or nut == 0 or nus == 0:
        return False
    # merge-join the sorted distinct stems of both documents
    col_t = np.full(nut, -1, np.int64)
    col_s = np.full(nus, -1, np.int64)
    isf_t = np.empty(nut, np.float64)
    isf_s = np.empty(nus, np.float64)
    i = 0
    j = 0
    k = 0
    while i < nut and j < nus:
        if t_terms[i] < s_terms[j]:
            i += 1
        elif t_terms[i] > s_terms[j]:
            j += 1
        else:
            col_t[i] = k
            col_s[j] = k
            k += 1
            i += 1
            j += 1
    if k == 0:
        return False
    shared_sf = np.zeros(k, np.float64)
    for i in range(nut):
        if col_t[i] >= 0:
            shared_sf[col_t[i]] += t_sf[i]
    for j in range(nus):
        if col_s[j] >= 0:
            shared_sf[col_s[j]] += s_sf[j]
    for i in range(nut):
        sf = shared_sf[col_t[i]] if col_t[i] >= 0 else t_sf[i]
        isf_t[i] = np.log(n_units / max(sf, 1.0)) + 1e-9
    for j in range(nus):
        sf = shared_sf[col_s[j]] if col_s[j] >= 0 else s_sf[j]
        isf_s[j] = np.log(n_units / max(sf, 1.0)) + 1e-9
    # unit norms over all stems; dot products over the shared stems only
    tn = np.zeros(n_t, np.float64)
    sn = np.zeros(n_s, np.float64)
    # source entries grouped by shared column (CSR)
    cnt = np.zeros(k + 1, np.int64)
    for e in range(s_entry_uniq.shape[0]):
        w = s_tf[e] * isf_s[s_entry_uniq[e]]
        sn[s_entry_unit[e]] += w * w
        c = col_s[s_entry_uniq[e]]
        if c >= 0:
            cnt[c + 1] += 1
    for c in range(k):
        cnt[c + 1] += cnt[c]
    fill = cnt[:k].copy()
    s_unit_c = np.empty(cnt[k], np.int64)
    s_w_c = np.empty(cnt[k], np.float64)
    for e in range(s_entry_uniq.shape[0]):
        c = col_s[s_entry_uniq[e]]
        if c >= 0:
            s_unit_c[fill[c]] = s_entry_unit[e]
            s_w_c[fill[c]] = s_tf[e] * isf_s[s_entry_uniq[e]]
            fill[c] += 1
    dot = np.zeros((n_t, n_s), np.float64)
    inter = np.zeros((n_t, n_s), np.int64)
    for e in range(t_entry_uniq.shape[0]):
        u = t_entry_unit[e]
        w = t_tf[e] * isf_t[t_entry_uniq[e]]
        tn[u] += w * w
        c = col_t[t_entry_uniq[e]]
        if c >= 0:
            for f in range(cnt[c], cnt[c + 1]):
                dot[u, s_unit_c[f]] += w * s_w_c[f]
                inter[u, s_unit_c[f]] += 1
    for u in range(n_t):
        tn[u] = np.sqrt(tn[u]) + 1e-12
    for v in range(n_s):
        sn[v] = np.sqrt(sn[v]) + 1e-12
    th = cos_th - _MARGIN
    for u in range(n_t):
        for v in range(n_s):
            if inter[u, v] > 0 and dot[u, v] / (tn[u] * sn[v]) > th:
                size = (t_ptr[u + 1] - t_ptr[u]) + (s_ptr[v + 1] - s_ptr[v])
                if 2 * inter[u, v] / max(size, 1) > dice_th:
                    return True
    return False


def _gram_kernel(t_sorted, t_order, t_unit_of_tok, s_sorted, s_order, s_unit_of_tok):
    """True when a target word n-gram inside a unit occurs in the source (its leftmost copy in a unit).

    A merge of both documents' sorted n-gram hashes; among equal hashes the
    model looks at the source's first copy only, and so does this.
    """
    n = s_sorted.shape[0]
    m = t_sorted.shape[0]
    i = 0
    j = 0
    while i < m and j < n:
        h = t_sorted[i]
        if s_sorted[j] < h:
            j += 1
        elif s_sorted[j] > h:
            i += 1
        else:
            if t_unit_of_tok[t_order[i]] >= 0 and s_unit_of_tok[s_order[j]] >= 0:
                return True
            i += 1
    return False


def _compile(fn):
    """Compile with an on-disk cache; where no cache folder is writable, compile per process."""
    try:
        return njit(cache=True, nogil=True)(fn)
    except RuntimeError:  # "no locator available": read-only install without a user cache dir
        return njit(cache=False, nogil=True)(fn)


if njit is not None:
    _kernel = _compile(_kernel)
    _gram_kernel = _compile(_gram_kernel)
    ENABLED = True
else:
    ENABLED = False


def may_seed(t, s, cos_th: float, dice_th: float) -> bool:
    """Say whether the pair (t, s) of PreparedDocs may have a seed; False means it has none."""
    if not ENABLED:
        return True
    if _gram_kernel(t.gram_sorted, t.gram_order, t.unit_of_tok, s.gram_sorted, s.gram_order, s.unit_of_tok):
        return True
    n_units = float(max(len(t.unit_spans) + len(s.unit_spans), 1))
    return bool(_kernel(t.uniq_terms, t.uniq_sf, t.entry_uniq, t.entry_unit, t.unit_tf, t.unit_ptr,
                        s.uniq_terms, s.uniq_sf, s.entry_uniq, s.entry_unit, s.unit_tf, s.unit_ptr,
                        n_units, float(cos_th), float(dice_th)))


def warm_up() -> None:
    """Compile (or load from the disk cache) both kernels, e.g. before forking workers."""
    if not ENABLED:
        return
    from .prepare import prepare
    d = prepare("warm", "Warm up the aligner kernels now. They compile once and are cached.")
    may_seed(d, d, 0.33, 0.33)
