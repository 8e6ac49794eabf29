"""Coaches' formal endorsements: written, dated and signed by the driver's coach."""
