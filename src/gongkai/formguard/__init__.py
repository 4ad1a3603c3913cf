"""The public forms' guard (公众表单防护): the self-hosted challenge, its one-time tokens, the
per-address rate limit and duplicate detection (:mod:`gongkai.formguard.spam`). Both public
forms — the application for disclosure and the message — use it, so it sits in the base
layer below the two case apps."""
