"""The planner's pages: thin typed function views, one module per audience."""
