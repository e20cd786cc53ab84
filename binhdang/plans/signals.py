"""Signals other apps listen to (plans depends on none of them).

`plan_content_saved` is sent inside the transaction that wrote a plan's content (created,
imported, edited, derived): its targets were rewritten, so apps that attach things to
targets (indicators) link them again.
"""

from django.dispatch import Signal

plan_content_saved = Signal()  # kwargs: plan
