"""Mentoring: matching mentees with mentors.

The matching engine is plain Python with no Django imports: `scoring` (why a pair fits),
`matching_candidates` (the best candidates at scale), `matching` (the exact optimal
assignment), `stable` (stable matching) and `commands` (`markaz match solve`).
"""
