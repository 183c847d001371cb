"""The planner's pages: thin typed function views, one module per screen (who asks,
which page, which template); ``access`` says who may ask."""
