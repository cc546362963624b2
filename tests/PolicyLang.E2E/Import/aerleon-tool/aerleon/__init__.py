"""Aerleon."""

__all__ = [
    "aclgen",
    "api",
    "lib",
    "utils",
]
