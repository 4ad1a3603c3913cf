"""信息报送 (contributions) and 栏目映射 (column mapping): information flowing between the
sites of the group. An agency offers an item to another site's column, whose editors adopt
it as a reference entry (or as an item of their own, edited) or return it; a column mapped
to another site's column shows its items there. Both reach the public listings through the
catalog's listing sources (``gongkai.catalog.listings``)."""
