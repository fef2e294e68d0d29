"""The sales-practice handbook's tooling: the local Sphinx extension and the CLI.

This module is imported by the system Python before the virtual environment
exists (``python3 -m handbook.bootstrap``), so it must stay standard-library only.
"""

__version__ = "0.1.0"
