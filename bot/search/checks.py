"""Checks that a stored index's arrays fit together before a question runs on it: the
compiled loops do no bounds checks."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from bot.search.models import TermModel


class CorruptIndexError(ValueError):
    """An index whose arrays do not fit together (read from a damaged file)."""


def check_model(name: str, model: TermModel, docs: int) -> None:
    check_lengths(name, model.idf.size, model.features.size)
    check_lengths(f"{name}.size", model.size, docs)
    check_postings(name, model.matrix, model.features.size, docs)


def check_postings(
    name: str, matrix: sparse.csr_matrix | sparse.csc_matrix, rows: int, cols: int
) -> None:
    """A compressed matrix with `rows` rows (columns for CSC) of entries in [0, cols)."""
    indptr, indices = matrix.indptr, matrix.indices
    check_lengths(f"{name} rows", indptr.size, rows + 1)
    check_lengths(f"{name} values", matrix.data.size, indices.size)
    if indptr[0] != 0 or indptr[-1] != indices.size or np.any(indptr[1:] < indptr[:-1]):
        raise CorruptIndexError(f"{name}: row offsets out of order")
    check_within(name, indices, indices.size, cols)


def check_within(name: str, values: np.ndarray, size: int, bound: int) -> None:
    check_lengths(name, values.size, size)
    if values.size and (values.min() < 0 or values.max() >= bound):
        raise CorruptIndexError(f"{name}: an entry outside 0..{bound - 1}")


def check_lengths(name: str, found: int, expected: int) -> None:
    if found != expected:
        raise CorruptIndexError(f"{name}: {found} entries where {expected} belong")
