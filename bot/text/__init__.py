"""Articles and their text: the knowledge folder, normalization, tokens, passages,
small talk."""
