"""Signals any app may send without depending on the apps that listen.

`data_changed`: data of these administrative units changed through a path that fires no
model signal (bulk inserts, COPY, `QuerySet.update`). Send it inside the transaction that
wrote the data, with `unit_ids` (an iterable of unit ids; `None`: data everywhere). The
indicators listen to keep their cached progress fresh (binhdang/indicators/freshness.py).
"""

from django.dispatch import Signal

data_changed = Signal()
