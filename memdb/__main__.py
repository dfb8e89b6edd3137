"""``python -m memdb``: run the server (same as ``memdb-server``)."""

import sys

from .cli import server_main

sys.exit(server_main())
