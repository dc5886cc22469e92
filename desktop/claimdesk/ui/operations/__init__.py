"""The small functions behind each user action: one undo step each, no widgets.

Widgets call these and never write to the store themselves. Each takes the
project and keyword arguments, and returns the store's ``Changes`` so the
window can decide what to redraw.
"""
