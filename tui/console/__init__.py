"""The facilitator console for live tabletop drills (``drillsim tui``)."""
