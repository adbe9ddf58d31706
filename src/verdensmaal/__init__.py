"""verdensmaal: SDG action and target frameworks for a network of Danish municipalities."""

__version__ = "0.1.0"
