"""Till hardware: scanners, receipt printers, cash drawers — adapters and their fakes."""
