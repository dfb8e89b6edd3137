"""Connection commands: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET and CLIENT.

Rules: these act on the calling client (``c``) and the server's client registry only;
never on keys.
"""

from __future__ import annotations


from .. import errors
from ..acl import DENIED_AUTH
from ..errors import CommandError
from ..protocol import NO_REPLY, OK, PONG, Map, Set, Status, Verbatim
from .args import to_int, to_int32
from .help import help_reply
from .table import command, container

VERSION = "7.0.15"


@command("ping")
def ping_command(c, argv):
    """PING [message]"""
    if len(argv) > 2:
        raise CommandError(errors.wrong_args("ping"))
    if c.subscribed and c.resp == 2:  # RESP2 subscribed mode: a pong array
        return [b"pong", argv[1] if len(argv) > 1 else b""]
    if len(argv) == 2:
        return argv[1]
    return PONG


@command("echo")
def echo_command(c, argv):
    """ECHO message"""
    return argv[1]


@command("quit")
def quit_command(c, argv):
    """QUIT: reply OK, then close once the reply is written."""
    c.close_after_reply = True
    return OK


def _check_password(c, password: bytes, username: bytes = b"default") -> None:
    """ACLAuthenticateUser: the client becomes ``username``'s, or the attempt is logged and
    refused with WRONGPASS (unknown or disabled user, or no password of the user matches)."""
    srv = c.srv
    u = srv.acl.authenticate(username, password)
    if u is None:
        srv.acl_log(c, DENIED_AUTH, "multi" if c.multi is not None else "toplevel",
                    c.block_argv_next or [b"auth"], username=username)
        raise CommandError(errors.WRONGPASS)
    c.user = u
    c.authenticated = True
    c.parser.auth_limits = False


@command("auth")
def auth_command(c, argv):
    """AUTH [username] password"""
    if len(argv) > 3:
        raise CommandError(errors.SYNTAX)
    if len(argv) == 2 and c.srv.acl.default.nopass:
        raise CommandError(errors.AUTH_NOT_CONFIGURED)
    if len(argv) == 3:
        _check_password(c, argv[2], argv[1])
    else:
        _check_password(c, argv[1])
    return OK


@command("hello")
def hello_command(c, argv):
    """HELLO [protover [AUTH username password] [SETNAME clientname]]"""
    ver = c.resp
    if len(argv) >= 2:
        ver = to_int(argv[1], "ERR Protocol version is not an integer or out of range")
        if ver < 2 or ver > 3:
            raise CommandError(errors.NOPROTO)
    i = 2
    auth = setname = None
    while i < len(argv):
        opt = argv[i].lower()
        more = len(argv) - i - 1
        if opt == b"auth" and more >= 2:
            auth = (argv[i + 1], argv[i + 2])
            i += 3
        elif opt == b"setname" and more >= 1:
            setname = argv[i + 1]
            i += 2
        else:
            raise CommandError("ERR Syntax error in HELLO option '%s'" % errors.arg(argv[i]))
    if auth is not None:
        _check_password(c, auth[1], auth[0])
    if not c.authenticated:
        raise CommandError(
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
            "HELLO AUTH <user> <pass> option can be used to authenticate the client and "
            "select the RESP protocol version at the same time"
        )
    if setname is not None:
        _validate_name(setname)
        c.name = setname
    c.resp = ver
    return Map(
        [
            b"server", b"redis",
            b"version", VERSION.encode(),
            b"proto", ver,
            b"id", c.id,
            b"mode", b"standalone",
            b"role", b"master",
            b"modules", [],
        ]
    )


@command("select")
def select_command(c, argv):
    """SELECT index"""
    idx = to_int32(argv[1])
    if idx < 0 or idx >= len(c.srv.ks.dbs):
        raise CommandError(errors.DB_INDEX)
    c.select(idx)
    return OK


@command("reset")
def reset_command(c, argv):
    """RESET: back to a fresh connection's state (db 0, RESP2, no name, not in MULTI)."""
    c.reset()
    return Status("RESET")


# -- CLIENT ------------------------------------------------------------------------------------

container("client")


def _validate_name(name: bytes) -> None:
    for ch in name:
        if ch < 33 or ch > 126:
            raise CommandError("ERR Client names cannot contain spaces, newlines or special characters.")


@command("client|help")
def client_help_command(c, argv):
    return help_reply("client")


@command("client|id")
def client_id_command(c, argv):
    return c.id


@command("client|setname")
def client_setname_command(c, argv):
    """CLIENT SETNAME name (an empty name clears it)"""
    _validate_name(argv[2])
    c.name = argv[2]
    return OK


@command("client|getname")
def client_getname_command(c, argv):
    return c.name or None


@command("client|setinfo", arity=4, flags="noscript loading stale")
def client_setinfo_command(c, argv):
    """CLIENT SETINFO LIB-NAME name | LIB-VER version (Redis 7.2, accepted as 7.2 does)."""
    attr = argv[2].lower()
    val = argv[3]
    if attr not in (b"lib-name", b"lib-ver"):
        raise CommandError("ERR Unrecognized option '%s'" % argv[2].decode("utf-8", "surrogateescape"))
    for ch in val:
        if ch < 33 or ch > 126:
            raise CommandError(
                "ERR %s cannot contain spaces, newlines or special characters." % attr.decode()
            )
    if attr == b"lib-name":
        c.lib_name = val
    else:
        c.lib_ver = val
    return OK


@command("client|no-touch", arity=3, flags="noscript loading stale")
def client_no_touch_command(c, argv):
    """CLIENT NO-TOUCH ON|OFF (Redis 7.2): commands from this client leave the LRU alone."""
    v = argv[2].lower()
    if v not in (b"on", b"off"):
        raise CommandError(errors.SYNTAX)
    c.no_touch = v == b"on"
    c.touch = not c.no_touch
    return OK


@command("client|no-evict")
def client_no_evict_command(c, argv):
    v = argv[2].lower()
    if v not in (b"on", b"off"):
        raise CommandError(errors.SYNTAX)
    c.no_evict = v == b"on"
    return OK


@command("client|reply")
def client_reply_command(c, argv):
    """CLIENT REPLY ON|OFF|SKIP"""
    v = argv[2].lower()
    if v == b"on":
        c.reply_mode = 0
        return OK
    if v == b"off":
        c.reply_mode = 1
        return NO_REPLY
    if v == b"skip":
        c.reply_mode = 2
        return NO_REPLY
    raise CommandError(errors.SYNTAX)


@command("client|info")
def client_info_command(c, argv):
    return Verbatim(c.srv.client_info_line(c) + b"\n")


@command("client|list")
def client_list_command(c, argv):
    """CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...]"""
    clients = list(c.srv.clients.values())
    if len(argv) > 2:
        opt = argv[2].lower()
        if opt == b"type" and len(argv) == 4:
            t = argv[3].lower()
            if t not in (b"normal", b"master", b"replica", b"slave", b"pubsub"):
                raise CommandError("ERR Unknown client type '%s'" % argv[3].decode("utf-8", "surrogateescape"))
            if t == b"pubsub":
                clients = [x for x in clients if x.subscribed]
            elif t == b"normal":
                clients = [x for x in clients if not x.subscribed]
            else:
                clients = []
        elif opt == b"id" and len(argv) >= 4:
            ids = [to_int(a, "ERR Invalid client ID") for a in argv[3:]]
            clients = [c.srv.clients[i] for i in ids if i in c.srv.clients]
        else:
            raise CommandError(errors.SYNTAX)
    return Verbatim(b"".join(c.srv.client_info_line(x) + b"\n" for x in clients))


@command("client|kill")
def client_kill_command(c, argv):
    """CLIENT KILL addr | CLIENT KILL [ID id] [ADDR addr] [LADDR addr] [TYPE t] [USER u] [SKIPME yes|no]"""
    srv = c.srv
    if len(argv) == 3:
        addr = argv[2]
        for x in list(srv.clients.values()):
            if x.addr_bytes == addr:
                srv.kill_client(x, c)
                return OK
        raise CommandError("ERR No such client")
    if len(argv) % 2 != 0:
        raise CommandError(errors.SYNTAX)
    want_id = addr = laddr = ctype = user = None
    skipme = True
    for i in range(2, len(argv), 2):
        opt, val = argv[i].lower(), argv[i + 1]
        if opt == b"id":
            want_id = to_int(val, "ERR client-id should be greater than 0")
            if want_id <= 0:
                raise CommandError("ERR client-id should be greater than 0")
        elif opt == b"addr":
            addr = val
        elif opt == b"laddr":
            laddr = val
        elif opt == b"type":
            ctype = val.lower()
            if ctype not in (b"normal", b"master", b"replica", b"slave", b"pubsub"):
                raise CommandError("ERR Unknown client type '%s'" % val.decode("utf-8", "surrogateescape"))
        elif opt == b"user":
            user = srv.acl.users.get(val)
            if user is None:
                raise CommandError("ERR No such user '%s'" % val.decode("utf-8", "surrogateescape"))
        elif opt == b"skipme":
            v = val.lower()
            if v == b"yes":
                skipme = True
            elif v == b"no":
                skipme = False
            else:
                raise CommandError(errors.SYNTAX)
        else:
            raise CommandError(errors.SYNTAX)
    killed = 0
    for x in list(srv.clients.values()):
        if want_id is not None and x.id != want_id:
            continue
        if addr is not None and x.addr_bytes != addr:
            continue
        if laddr is not None and x.laddr_bytes != laddr:
            continue
        if ctype is not None:
            if ctype in (b"master", b"replica", b"slave"):
                continue
            if (ctype == b"pubsub") != bool(x.subscribed):
                continue
        if user is not None and x.user is not user:
            continue
        if x is c and skipme:
            continue
        srv.kill_client(x, c)
        killed += 1
    return killed


@command("client|pause")
def client_pause_command(c, argv):
    """CLIENT PAUSE timeout [WRITE|ALL]"""
    if len(argv) > 4:
        raise CommandError(errors.subcommand_syntax(argv[1], "client"))
    mode = b"all"
    if len(argv) == 4:
        mode = argv[3].lower()
        if mode not in (b"write", b"all"):
            raise CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL")
    ms = to_int(argv[2], "ERR timeout is not an integer or out of range")
    if ms < 0:
        raise CommandError("ERR timeout is negative")
    c.srv.pause(ms, mode == b"write")
    return OK


@command("client|unpause")
def client_unpause_command(c, argv):
    c.srv.unpause()
    return OK


# -- client-side caching -----------------------------------------------------------------------


@command("client|tracking")
def client_tracking_command(c, argv):
    """CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]"""
    srv = c.srv
    redirect = 0
    bcast = optin = optout = noloop = False
    prefixes = []
    i = 3
    n = len(argv)
    while i < n:  # options first, as Redis: their errors win over ON|OFF's
        opt = argv[i].lower()
        more = i + 1 < n
        if opt == b"redirect" and more:
            i += 1
            if redirect:
                raise CommandError(errors.TRACKING_ONE_REDIRECT)
            redirect = to_int(argv[i])
            if redirect not in srv.clients:
                raise CommandError(errors.TRACKING_NO_REDIRECT)
        elif opt == b"bcast":
            bcast = True
        elif opt == b"optin":
            optin = True
        elif opt == b"optout":
            optout = True
        elif opt == b"noloop":
            noloop = True
        elif opt == b"prefix" and more:
            i += 1
            prefixes.append(argv[i])
        else:
            raise CommandError(errors.SYNTAX)
        i += 1
    mode = argv[2].lower()
    if mode == b"off":
        srv.tracking.disable(c)
        return OK
    if mode != b"on":
        raise CommandError(errors.SYNTAX)
    t = c.tracking
    if prefixes and not bcast:
        raise CommandError(errors.TRACKING_PREFIX_NEEDS_BCAST)
    if t is not None and t.bcast != bcast:
        raise CommandError(errors.TRACKING_SWITCH_BCAST)
    if bcast and (optin or optout):
        raise CommandError(errors.TRACKING_OPT_BCAST)
    if optin and optout:
        raise CommandError(errors.TRACKING_OPTIN_OPTOUT)
    if t is not None and ((optin and t.optout) or (optout and t.optin)):
        raise CommandError(errors.TRACKING_SWITCH_OPT)
    late_error = None
    if bcast:
        late_error = _check_prefixes(c, prefixes)
    srv.tracking.enable(c, redirect, bcast, optin, optout, noloop, prefixes)
    if late_error is not None:
        # Redis 7.0.15's checkPrefixCollisionsOrReply returns the index of the offending
        # prefix, which is "true" past the first: the error is sent, tracking is enabled
        # anyway and +OK follows the error
        c.self_feed.append(b"+OK\r\n")
        raise CommandError(late_error)
    return OK


def _overlap(a: bytes, b: bytes) -> bool:
    """Two prefixes overlap when one starts the other (Redis stringCheckPrefix)."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _check_prefixes(c, prefixes):
    """Refuse prefixes that overlap one another or the client's own; return the error that
    Redis sends without refusing (see client_tracking_command), if any."""
    mine = c.tracking.prefixes if c.tracking is not None else []
    for i, p in enumerate(prefixes):
        for q in mine:
            if _overlap(q, p):
                raise CommandError(errors.prefix_overlap(p, q, True))
        for q in prefixes[i + 1 :]:
            if _overlap(p, q):
                if i == 0:
                    raise CommandError(errors.prefix_overlap(p, q, False))
                return errors.prefix_overlap(p, q, False)
    return None


@command("client|caching")
def client_caching_command(c, argv):
    """CLIENT CACHING YES|NO"""
    t = c.tracking
    if t is None:
        raise CommandError(errors.CACHING_NOT_TRACKING)
    opt = argv[2].lower()
    if opt == b"yes":
        if not t.optin:
            raise CommandError(errors.CACHING_YES)
    elif opt == b"no":
        if not t.optout:
            raise CommandError(errors.CACHING_NO)
    else:
        raise CommandError(errors.SYNTAX)
    t.caching = True
    return OK


@command("client|getredir")
def client_getredir_command(c, argv):
    """CLIENT GETREDIR"""
    return -1 if c.tracking is None else c.tracking.redirect


@command("client|trackinginfo")
def client_trackinginfo_command(c, argv):
    """CLIENT TRACKINGINFO"""
    t = c.tracking
    if t is None:
        return Map([b"flags", Set([b"off"]), b"redirect", -1, b"prefixes", []])
    flags = [b"on"]
    if t.bcast:
        flags.append(b"bcast")
    if t.optin:
        flags.append(b"optin")
        if t.caching:
            flags.append(b"caching-yes")
    if t.optout:
        flags.append(b"optout")
        if t.caching:
            flags.append(b"caching-no")
    if t.noloop:
        flags.append(b"noloop")
    if t.broken:
        flags.append(b"broken_redirect")
    return Map([b"flags", Set(flags), b"redirect", t.redirect, b"prefixes", list(t.prefixes)])


@command("client|unblock")
def client_unblock_command(c, argv):
    """CLIENT UNBLOCK client-id [TIMEOUT|ERROR]"""
    cid = to_int(argv[2])
    how = b"timeout"
    if len(argv) == 4:
        how = argv[3].lower()
        if how not in (b"timeout", b"error"):
            raise CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
    elif len(argv) > 4:
        raise CommandError(errors.SYNTAX)
    target = c.srv.clients.get(cid)
    if target is None or not target.blocked:
        return 0
    c.srv.unblock(target, how == b"error")
    return 1

