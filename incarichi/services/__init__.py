"""Actions on incarichi: `services/incarichi.py` (conferimento, checklist, act, signature,
hours, liquidazione, transparency)."""
