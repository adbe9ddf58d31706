"""The network's pages: ``programme`` (seasons and meetings) and ``members`` (members,
participants, invoices and the secretariat's follow-up)."""
