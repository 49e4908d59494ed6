"""facts: what follows from an agreement's facts, computed, never written by hand.

Totals and amounts written in prose, money over the years, the index series and their factors,
the payment schedule, the agreement's life after signing (notice, renewal), its dated duties
(timeline), and its public version. Imports: `source`, `model` and the base modules.
"""
