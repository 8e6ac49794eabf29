"""Licence-upgrade applications: draft, endorsed by the coach, approved by the director,
submitted to the ASN, granted or rejected."""
