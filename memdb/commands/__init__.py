"""Command handlers, one module per concern; importing this package registers them all.

Modules: ``table`` (registry and checks), ``args`` (argument parsing), ``connection``,
``strings``, ``bits`` (SETBIT, BITCOUNT, BITFIELD ...), ``hyperloglog``, ``generic`` (keys and expiry), ``dump`` (DUMP, RESTORE), ``sort``, ``geo``, ``hashes``, ``lists``, ``sets``, ``zsets``, ``streams``, ``transactions``, ``pubsub``, ``scripting``, ``admin`` (INFO, CONFIG, COMMAND, DEBUG ...),
``testing`` (MEMDB test-double commands), ``acl`` (ACL commands and the ACL command universe), ``metadata`` (Redis's command metadata).
"""

from . import connection, strings, bits, hyperloglog, generic, dump, sort, geo, hashes, lists, sets, zsets, streams, transactions, pubsub, scripting, admin, testing, acl  # noqa: F401
from .table import finalize

finalize()
