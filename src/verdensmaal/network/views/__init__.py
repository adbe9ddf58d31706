"""The network's pages, by use case: the programme and seasons, meetings, members and their
participants, invoices, and the secretariat's follow-up."""
