"""Hardware: barcode scanners (evdev, keyboard wedge), receipt printers, cash drawer."""
