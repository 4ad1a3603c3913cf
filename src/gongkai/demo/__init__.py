"""The demo site group (九江市), loaded by ``gongkai demo``: the top layer, which only calls
the other apps' actions (docs/architecture.md)."""
