"""Mentoring: matching mentees with mentors, and the mentorships that follow.

The matching engine is plain Python with no Django imports: `scoring` (why a pair fits),
`matching_candidates` (the best candidates at scale), `matching` (the exact optimal
assignment), `stable` (stable matching), `availability` (weekly windows on real dates) and
`commands` (`markaz match solve`). `rounds` turns a match round's rows into engine input;
the usual layers (models, selectors, permissions, services, services_pairs, views, api)
carry profiles, needs, rounds, mentorships, sessions, notes, feedback and goals.
"""
