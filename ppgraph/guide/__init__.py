"""The guide du porteur de projet of a territory: a common part from the référentiel, a territorial part from the graph, the territory's own blocks."""
