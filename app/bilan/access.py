"""Who may see the detailed report of a region.

Decision: the regional reports are made for the CRESS and the national team, but they hold
only aggregated figures (no names, no contacts), like the national one; they are therefore
public open data, as the real *bilans* were once published. The single place to restrict
them later (e.g. to `can_moderate_region`) is this function; the routes already answer 403
when it says no.
"""

from __future__ import annotations


def can_view_detailed(user, region) -> bool:
    """True when `user` may see `region`'s detailed report: everyone (aggregates only)."""
    return True
