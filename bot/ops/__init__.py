"""Running srm for a team: the query log and its report, metrics, logs, health.

Everything here sits after the answer: an answer never waits on, or fails because of, this package.
"""
