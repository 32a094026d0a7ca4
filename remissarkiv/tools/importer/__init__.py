"""`remissarkiv import`: a tjänsteutlåtande as text, PDF or DOCX becomes a case file (see parse.py)."""
