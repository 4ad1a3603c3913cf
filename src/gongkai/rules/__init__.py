"""The law as code and data: pure Python, no Django import."""
