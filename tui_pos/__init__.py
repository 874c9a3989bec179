"""tui-pos: a point-of-sale and sales-order system for the terminal."""

__version__ = "0.1.0"
