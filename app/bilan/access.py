"""Who may see the detailed report of a region.

Accounts and roles are being built in parallel: until they exist every aggregate page is
public (they are aggregated open data and never list personal data). Wire this function to
the roles (CRESS staff of `region`, national staff) when they land.
"""

from __future__ import annotations


def can_view_detailed(user, region) -> bool:
    """True when `user` may see `region`'s detailed report (everyone, for now)."""
    return True
