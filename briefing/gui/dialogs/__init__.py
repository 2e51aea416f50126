"""Dialogs that are more than one message box: delete confirmations, keyboard shortcuts."""
