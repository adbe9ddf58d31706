"""The frameworks' pages: ``pages`` reads, ``edit`` writes."""
