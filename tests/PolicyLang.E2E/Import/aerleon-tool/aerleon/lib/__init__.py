"""Libraries for Aerleon."""
