"""Pieces the pages share: the cycle picker, the import report, the review tables."""
