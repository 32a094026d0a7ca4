"""Preservation: the archive as an E-ARK SIP for an e-archive (remissarkiv export-sip)."""
