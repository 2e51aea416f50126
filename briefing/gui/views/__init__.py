"""The main window's panels: library, clip tray, reader, outline, inspector, preview, checks."""
