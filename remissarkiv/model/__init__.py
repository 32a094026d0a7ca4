"""The Case model and the facts every later step shares: boards, labels, Swedish text rules, problems."""
