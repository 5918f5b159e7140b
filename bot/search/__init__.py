"""The retrieval index: hashed counts, TF-IDF models, layered segments, compiled
kernels, the on-disk store."""
