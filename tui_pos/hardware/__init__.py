"""Hardware adapters: receipt printers, the print spool, scanners."""
