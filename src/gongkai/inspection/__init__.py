"""The national website inspection (检查, 国办秘函〔2019〕19号): every indicator of an agency's
site at an instant, computed from the records, with its evidence (``engine.inspect``)."""
