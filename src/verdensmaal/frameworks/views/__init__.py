"""The frameworks' pages: ``pages`` reads, ``edit`` writes, ``remove`` removes."""
