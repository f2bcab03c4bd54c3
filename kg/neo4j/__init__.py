"""kg's Neo4j backend: run a server, load a built graph into it, query it in Cypher.

``server`` starts/stops kg's own Neo4j 5.26 Community (or defers to the user's,
via ``NEO4J_URI``), ``load`` writes a graph idempotently, ``query`` reads rows or
a networkx graph back, ``cookbook`` holds ready-made Cypher recipes.
"""
