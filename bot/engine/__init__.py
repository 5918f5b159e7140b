"""Answering: the question, each candidate's evidence, the learned ranking, the answer
and its highlight, and the persisted index cache."""
