"""The reconsideration and litigation register (行政复议、行政诉讼, Art. 51; table 四 of the
annual report): each case brought against a disclosure decision, recorded and concluded
through :mod:`gongkai.disputes.actions`.

A remedy belongs to an application, which this app knows only by the model reference
``applications.Application``: ``applications`` sits above and shows the register on its case
page and in its staff list.
"""
