"""The archive: loaded cases indexed by board, year, topic and referral."""
