"""Access control lists as Redis 7.0.15 has them: users, their rules, permission checks, the log.

Rules: this module is pure (no sockets, no clients, no keyspace).  It knows commands only
through a ``Universe`` handed to it (names, ACL categories, key specs), built by
memdb.commands.acl from Redis's recorded command table.  Everything a client can read back
(ACL LIST rule strings, GETUSER fields, error texts) follows Redis's acl.c.

A user's command permissions are a bitmap (a Python int) over the universe's command ids,
with one extra bit above them that only ``+@all`` sets ("future commands"), as in Redis.
"""

from __future__ import annotations

import hashlib
import hmac
import os

# ACL check results, with Redis's values (the highest wins among selectors: acl.c)
ACL_OK, DENIED_CMD, DENIED_KEY, DENIED_AUTH, DENIED_CHANNEL = 0, 1, 2, 3, 4

# Redis's ACLCommandCategories, in its order (ACL CAT, and the describe algorithm's order)
CATEGORIES = (
    "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
    "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
    "connection", "transaction", "scripting",
)
# Redis's ACLUserFlags, in its order (ACL LIST and GETUSER list flags in this order)
USER_FLAGS = ("on", "off", "nopass", "skip-sanitize-payload", "sanitize-payload")

KEY_READ, KEY_WRITE = 1, 2
KEY_ALL = KEY_READ | KEY_WRITE

# channel arguments (Redis db.c channel getkeys): (first, all-remaining, is-pattern)
CHANNEL_ARGS = {
    "publish": (1, False, False), "spublish": (1, False, False),
    "subscribe": (1, True, False), "ssubscribe": (1, True, False),
    "psubscribe": (1, True, True),
}

_SPACE = frozenset(b" \t\n\v\f\r\0")

_ERR_TEXT = {
    "ENOENT": "Unknown command or category name in ACL",
    "EINVAL": "Syntax error",
    "EEXIST": ("Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and "
               "does not have any effect. Try 'resetkeys' to start with an empty list of patterns"),
    "EISDIR": ("Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and "
               "does not have any effect. Try 'resetchannels' to start with an empty list of channels"),
    "ENODEV": "The password you are trying to remove from the user does not exist",
    "EBADMSG": ("The password hash must be exactly 64 characters and contain only lowercase "
                "hexadecimal characters"),
    "ECHILD": "Allowing first-arg of a subcommand is not supported",
}

# ACL SETUSER flags that turn their opposite off
_EXCLUSIVE_FLAGS = {b"on": "off", b"off": "on", b"skip-sanitize-payload": "sanitize-payload",
                    b"sanitize-payload": "skip-sanitize-payload"}


class RuleError(Exception):
    """A rule ACL SETUSER cannot apply; ``text`` is Redis's ACLSetUserStringError()."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.text = _ERR_TEXT.get(kind, "Wrong format")


def has_spaces(s: bytes) -> bool:
    """ACLStringHasSpaces: any isspace() character or NUL."""
    return any(ch in _SPACE for ch in s)


def hash_password(pw: bytes) -> str:
    return hashlib.sha256(pw).hexdigest()


def _valid_hash(h: bytes) -> bool:
    return len(h) == 64 and all(ch in b"0123456789abcdef" for ch in h)


# -- the command universe ------------------------------------------------------------------


class CommandInfo:
    """One command of the universe: id bit, categories, key specs, children (containers)."""

    __slots__ = ("name", "id", "bit", "categories", "no_auth", "children", "parent", "keyspecs",
                 "legacy_keys", "arity")

    def __init__(self, name, cid, categories, no_auth, parent, keyspecs, legacy_keys, arity):
        self.name = name
        self.id = cid
        self.bit = 1 << cid
        self.categories = categories
        self.no_auth = no_auth
        self.children: list = []
        self.parent = parent
        self.keyspecs = keyspecs  # [(key flags, begin, find)] ; None when unusable
        self.legacy_keys = legacy_keys  # fallback: f(argv) -> [positions]
        self.arity = arity


class Universe:
    """Every command ACL rules may name: Redis's whole table plus memdb's own additions.

    ``order`` is the iteration order used where Redis walks its command dict (ACL CAT, the
    single-command part of a rule description): top-level commands, each followed by its
    subcommands."""

    def __init__(self) -> None:
        self.by_name: dict = {}
        self.order: list = []
        self.top: list = []
        self.cat_mask = {c: 0 for c in CATEGORIES}  # commands in the category
        self.cat_apply = {c: 0 for c in CATEGORIES}  # ... plus the subcommands of containers in it
        self.future = 0
        self.all_bits = 0

    def add(self, name: str, categories, no_auth: bool, keyspecs=None, legacy_keys=None, arity=0):
        parent = None
        if "|" in name:
            parent = self.by_name[name.split("|", 1)[0]]
        info = CommandInfo(name, len(self.order), frozenset(categories), no_auth, parent,
                           keyspecs, legacy_keys, arity)
        self.by_name[name] = info
        self.order.append(info)
        if parent is None:
            self.top.append(info)
        else:
            parent.children.append(info)
        return info

    def seal(self) -> None:
        n = len(self.order)
        self.future = 1 << n
        self.all_bits = (1 << (n + 1)) - 1
        for info in self.order:
            for cat in info.categories:
                if cat in self.cat_mask:
                    self.cat_mask[cat] |= info.bit
                    self.cat_apply[cat] |= self.change_mask(info)

    @staticmethod
    def change_mask(info: CommandInfo) -> int:
        """The bits ACLChangeSelectorPerm touches: the command and its subcommands."""
        m = info.bit
        for ch in info.children:
            m |= ch.bit
        return m

    def lookup(self, name: bytes):
        """ACLLookupCommand: ``name`` or ``parent|sub``, any case."""
        try:
            return self.by_name.get(name.decode("utf-8").lower())
        except UnicodeDecodeError:
            return None

    def keys_with_flags(self, info: CommandInfo, argv: list) -> list:
        """(position, key flags) of the keys in ``argv`` (Redis getKeysFromCommandWithSpecs)."""
        specs = info.keyspecs
        if specs:
            out = keys_from_specs(specs, argv)
            if out is not None:
                return out
        if info.legacy_keys is not None:
            try:
                pos = info.legacy_keys(argv)
            except (ValueError, IndexError):
                return []
            fl = specs[0][0] if specs else KEY_ALL
            return [(i, fl) for i in pos if 0 < i < len(argv)]
        return []


_KEY_FLAG_READ = frozenset(("access",))
_KEY_FLAG_WRITE = frozenset(("insert", "delete", "update"))


def _map(m) -> dict:
    return {m[i]: m[i + 1] for i in range(0, len(m), 2)}


def keyspecs(entry, raw_flags: bool = False):
    """Redis's key specs of a COMMAND INFO entry as (key flags, begin, find, incomplete),
    for ``keys_from_specs``; not_key specs left out, and None when Redis would use
    the command's getkeys proc (a variable_flags spec).  The key flags are ACL read/write
    bits, or with ``raw_flags`` the entry's own flag set (COMMAND GETKEYSANDFLAGS)."""
    specs = []
    for raw in entry[8]:
        d = _map(raw)
        fl = {str(f).lower() for f in d[b"flags"]}
        if "variable_flags" in fl:
            return None
        if "not_key" in fl:
            continue
        if raw_flags:
            kf = d[b"flags"]
        else:
            kf = (KEY_READ if fl & _KEY_FLAG_READ else 0) | (KEY_WRITE if fl & _KEY_FLAG_WRITE else 0)
        bs = _map(d[b"begin_search"])
        bspec = _map(bs[b"spec"])
        if bs[b"type"] == b"index":
            begin = ("index", bspec[b"index"])
        elif bs[b"type"] == b"keyword":
            begin = ("keyword", bspec[b"keyword"].lower(), bspec[b"startfrom"])
        else:
            begin = ("unknown",)
        fk = _map(d[b"find_keys"])
        fspec = _map(fk[b"spec"])
        if fk[b"type"] == b"range":
            find = ("range", fspec[b"lastkey"], fspec[b"keystep"], fspec[b"limit"])
        elif fk[b"type"] == b"keynum":
            find = ("keynum", fspec[b"keynumidx"], fspec[b"firstkey"], fspec[b"keystep"])
        else:
            find = ("unknown",)
        specs.append((kf, begin, find, "incomplete" in fl))
    return specs


def keys_from_specs(specs, argv):
    """getKeysUsingKeySpecs: (position, flags) of the keys in ``argv`` by the command's key
    specs (``(flags, begin, find, incomplete)``, ``keyspecs``); None where
    Redis falls back to the command's getkeys proc (an incomplete spec, bounds a syntax
    error breaks)."""
    argc = len(argv)
    out = []
    for flags, begin, find, incomplete in specs:
        if begin[0] == "index":
            first = begin[1]
        elif begin[0] == "keyword":
            kw, startfrom = begin[1], begin[2]
            start = startfrom if startfrom > 0 else argc + startfrom
            end = argc - 1 if startfrom > 0 else 1
            first = 0
            i = start
            while True:
                if i >= argc or i < 1:
                    break
                if argv[i].lower() == kw:
                    first = i + 1
                    break
                if i == end:
                    break
                i = i + 1 if start <= end else i - 1
            if not first:
                continue
        else:
            return None
        if find[0] == "range":
            lastkey, step, limit = find[1], find[2], find[3]
            if lastkey >= 0:
                last = first + lastkey
            elif not limit:
                last = argc + lastkey
            else:
                last = first + ((argc - first) // limit + lastkey)
        elif find[0] == "keynum":
            keynumidx, firstkey, step = find[1], find[2], find[3]
            if keynumidx >= argc or first + keynumidx >= argc:
                return None
            s = argv[first + keynumidx]
            try:
                numkeys = int(s)
            except ValueError:
                return None
            if numkeys < 0 or s != b"%d" % numkeys:
                return None
            first += firstkey
            last = first + numkeys - 1
        else:
            return None
        if last >= argc or last < first or first >= argc:
            return None
        i = first
        while i <= last:
            if i < argc:
                out.append((i, flags))
            i += step or 1
        if incomplete:
            return None
    return out


# -- selectors and users -------------------------------------------------------------------


class Selector:
    """Command bits, first-args, key patterns and channel patterns (Redis aclSelector)."""

    __slots__ = ("allowed", "allcommands", "firstargs", "allkeys", "patterns", "allchannels", "channels")

    def __init__(self, allchannels: bool = False) -> None:
        self.allowed = 0
        self.allcommands = False
        self.firstargs: dict = {}  # command id -> [first args as given]
        self.allkeys = False
        self.patterns: list = []  # [pattern bytes, KEY_* flags]
        self.allchannels = allchannels
        self.channels: list = []

    def copy(self) -> "Selector":
        s = Selector()
        s.allowed = self.allowed
        s.allcommands = self.allcommands
        s.firstargs = {k: list(v) for k, v in self.firstargs.items()}
        s.allkeys = self.allkeys
        s.patterns = [list(p) for p in self.patterns]
        s.allchannels = self.allchannels
        s.channels = list(self.channels)
        return s

    # ACLSetSelector
    def apply(self, u: Universe, op: bytes) -> None:
        low = op.lower()
        if low in (b"allkeys", b"~*"):
            self.allkeys = True
            self.patterns = []
        elif low == b"resetkeys":
            self.allkeys = False
            self.patterns = []
        elif low in (b"allchannels", b"&*"):
            self.allchannels = True
            self.channels = []
        elif low == b"resetchannels":
            self.allchannels = False
            self.channels = []
        elif low in (b"allcommands", b"+@all"):
            self.allowed = u.all_bits
            self.allcommands = True
            self.firstargs = {}
        elif low in (b"nocommands", b"-@all"):
            self.allowed = 0
            self.allcommands = False
            self.firstargs = {}
        elif op[:1] in (b"~", b"%"):
            if self.allkeys:
                raise RuleError("EEXIST")
            flags = 0
            off = 1
            if op[:1] == b"%":
                n = len(op)
                while off < n:
                    ch = op[off : off + 1].upper()
                    if ch == b"R" and not flags & KEY_READ:
                        flags |= KEY_READ
                    elif ch == b"W" and not flags & KEY_WRITE:
                        flags |= KEY_WRITE
                    elif ch == b"~":
                        off += 1
                        break
                    else:
                        raise RuleError("EINVAL")
                    off += 1
            else:
                flags = KEY_ALL
            pat = op[off:]
            if has_spaces(pat):
                raise RuleError("EINVAL")
            for p in self.patterns:
                if p[0] == pat:
                    p[1] |= flags
                    break
            else:
                self.patterns.append([pat, flags])
            self.allkeys = False
        elif op[:1] == b"&":
            if self.allchannels:
                raise RuleError("EISDIR")
            pat = op[1:]
            if has_spaces(pat):
                raise RuleError("EINVAL")
            if pat not in self.channels:
                self.channels.append(pat)
            self.allchannels = False
        elif op[:1] == b"+" and op[1:2] != b"@":
            if b"|" not in op:
                info = u.lookup(op[1:])
                if info is None:
                    raise RuleError("ENOENT")
                self.change(u, info, True)
            else:
                head, _, sub = op[1:].rpartition(b"|")
                info = u.lookup(head)
                if info is None:
                    raise RuleError("ENOENT")
                if info.parent is not None:
                    raise RuleError("ECHILD")
                if not sub:
                    raise RuleError("EINVAL")
                if info.children:
                    info = u.lookup(op[1:])
                    if info is None:
                        raise RuleError("ENOENT")
                    self.change(u, info, True)
                else:
                    args = self.firstargs.setdefault(info.id, [])
                    if not any(a.lower() == sub.lower() for a in args):
                        args.append(sub)
        elif op[:1] == b"-" and op[1:2] != b"@":
            info = u.lookup(op[1:])
            if info is None:
                raise RuleError("ENOENT")
            self.change(u, info, False)
        elif op[:2] in (b"+@", b"-@"):
            try:
                cat = op[2:].decode("ascii").lower()
            except UnicodeDecodeError:
                raise RuleError("ENOENT") from None
            if cat not in u.cat_mask:
                raise RuleError("ENOENT")
            self.set_category(u, cat, op[:1] == b"+")
        else:
            raise RuleError("EINVAL")

    def change(self, u: Universe, info: CommandInfo, allow: bool) -> None:
        """ACLChangeSelectorPerm: the command and its subcommands; its first-args go."""
        m = u.change_mask(info)
        if allow:
            self.allowed |= m
        else:
            self.allowed &= ~m
            self.allcommands = False
        self.firstargs.pop(info.id, None)

    def set_category(self, u: Universe, cat: str, allow: bool) -> None:
        m = u.cat_apply[cat]
        if allow:
            self.allowed |= m
        else:
            self.allowed &= ~m
            if m:
                self.allcommands = False
        if self.firstargs:
            cm = u.cat_mask[cat]
            for cid in [k for k in self.firstargs if cm >> k & 1]:
                del self.firstargs[cid]

    # -- describing (ACLDescribeSelector / ACLDescribeSelectorCommandRules) ------------------
    def describe_commands(self, u: Universe) -> str:
        allowed = self.allowed
        additive = not (allowed & u.future)
        rules = ["-@all" if additive else "+@all"]
        fake = 0 if additive else u.all_bits
        temp = allowed
        applied = set()
        while True:
            best = None
            mindiff, maxsame = 1 << 62, 0
            for cat in CATEGORIES:
                if cat in applied:
                    continue
                m = u.cat_mask[cat]
                on = (temp & m).bit_count()
                off = m.bit_count() - on
                diff, same = (off, on) if additive else (on, off)
                if same > diff and (diff < mindiff or (diff == mindiff and same > maxsame)):
                    best, mindiff, maxsame = cat, diff, same
            if best is None:
                break
            m = u.cat_apply[best]
            if additive:
                fake |= m
                temp &= ~m
            else:
                fake &= ~m
                temp |= m
            rules.append(("+@" if additive else "-@") + best)
            applied.add(best)

        def walk(infos):
            nonlocal fake
            for info in infos:
                userbit = allowed & info.bit
                if bool(userbit) != bool(fake & info.bit):
                    rules.append(("+" if userbit else "-") + info.name)
                    m = u.change_mask(info)
                    fake = (fake | m) if userbit else (fake & ~m)
                if info.children:
                    walk(info.children)
                if not userbit and info.id in self.firstargs:
                    for a in self.firstargs[info.id]:
                        rules.append("+%s|%s" % (info.name, a.decode("utf-8", "surrogateescape")))

        walk(u.top)
        return " ".join(rules)

    def key_patterns(self) -> list:
        return [_pattern_string(p, f) for p, f in self.patterns]

    def describe(self, u: Universe) -> str:
        parts = []
        if self.allkeys:
            parts.append("~*")
        else:
            parts.extend(self.key_patterns())
        if self.allchannels:
            parts.append("&*")
        else:
            parts.append("resetchannels")
            parts.extend("&" + _s(c) for c in self.channels)
        parts.append(self.describe_commands(u))
        return " ".join(parts)

    # -- checking (ACLSelectorCheckCmd) -------------------------------------------------------
    def check(self, u: Universe, info: CommandInfo, argv: list, keys_cache: list):
        if not self.allcommands and not info.no_auth and not self.allowed & info.bit:
            args = self.firstargs.get(info.id)
            idx = 2 if info.parent is not None else 1
            if not args or len(argv) < 2 or len(argv) <= idx:
                return DENIED_CMD, 0
            a = argv[idx].lower()
            if not any(x.lower() == a for x in args):
                return DENIED_CMD, 0
        if not self.allkeys and (info.keyspecs or info.legacy_keys is not None):
            if not keys_cache:
                keys_cache.append(u.keys_with_flags(info, argv))
            for pos, flags in keys_cache[0]:
                if not self.key_allowed(argv[pos], flags):
                    return DENIED_KEY, pos
        ch = CHANNEL_ARGS.get(info.name)
        if ch is not None and not self.allchannels:
            first, rest, is_pattern = ch
            last = len(argv) if rest else first + 1
            for pos in range(first, min(last, len(argv))):
                if not channel_allowed(self.channels, argv[pos], is_pattern):
                    return DENIED_CHANNEL, pos
        return ACL_OK, 0

    def key_allowed(self, key: bytes, flags: int) -> bool:
        if self.allkeys:
            return True
        for pat, pflags in self.patterns:
            if pflags & flags != flags:
                continue
            if _match(pat, key):
                return True
        return False


def channel_allowed(channels, channel: bytes, is_pattern: bool) -> bool:
    """ACLCheckChannelAgainstList: a pattern (PSUBSCRIBE) must appear literally."""
    for pat in channels:
        if (is_pattern and pat == channel) or (not is_pattern and _match(pat, channel)):
            return True
    return False


def _pattern_string(pat: bytes, flags: int) -> str:
    prefix = "~" if flags == KEY_ALL else ("%R~" if flags == KEY_READ else "%W~")
    return prefix + _s(pat)


def _s(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


_matcher = None


def _match(pat: bytes, s: bytes) -> bool:
    global _matcher
    if _matcher is None:  # the glob rules live with the argument helpers
        from .commands.args import glob_matcher

        _matcher = glob_matcher
    return _matcher(pat)(s)


class User:
    """A user: flags, password hashes, the root selector and more selectors.

    ``free`` is True when the root selector allows every command, key and channel: clients
    of such a user skip every permission check (the server's inlined path needs it)."""

    __slots__ = ("name", "flags", "passwords", "selectors", "free", "__weakref__")

    def __init__(self, name: bytes, allchannels: bool = False) -> None:
        self.name = name
        self.flags = {"off"}
        self.passwords: list = []
        self.selectors = [Selector(allchannels)]
        self.free = False

    @property
    def root(self) -> Selector:
        return self.selectors[0]

    @property
    def enabled(self) -> bool:
        return "on" in self.flags

    @property
    def nopass(self) -> bool:
        return "nopass" in self.flags

    def copy_from(self, other: "User") -> None:
        """ACLCopyUser: take ``other``'s rules, keep this object (clients point at it)."""
        self.flags = set(other.flags)
        self.passwords = list(other.passwords)
        self.selectors = [s.copy() for s in other.selectors]
        self.refresh()

    def clone(self) -> "User":
        u = User(self.name)
        u.copy_from(self)
        return u

    def refresh(self) -> None:
        r = self.selectors[0]
        self.free = r.allcommands and r.allkeys and r.allchannels

    # ACLSetUser
    def apply(self, acl: "ACL", op: bytes) -> None:
        if not op:
            return
        low = op.lower()
        if low in _EXCLUSIVE_FLAGS:
            self.flags.discard(_EXCLUSIVE_FLAGS[low])
            self.flags.add(low.decode())
        elif low == b"nopass":
            self.flags.add("nopass")
            self.passwords = []
        elif low == b"resetpass":
            self.flags.discard("nopass")
            self.passwords = []
        elif op[:1] in (b">", b"#"):
            if op[:1] == b">":
                h = hash_password(op[1:])
            else:
                if not _valid_hash(op[1:]):
                    raise RuleError("EBADMSG")
                h = op[1:].decode()
            if h not in self.passwords:
                self.passwords.append(h)
            self.flags.discard("nopass")
        elif op[:1] in (b"<", b"!"):
            if op[:1] == b"<":
                h = hash_password(op[1:])
            else:
                if not _valid_hash(op[1:]):
                    raise RuleError("EBADMSG")
                h = op[1:].decode()
            if h not in self.passwords:
                raise RuleError("ENODEV")
            self.passwords.remove(h)
        elif op[:1] == b"(" and op[-1:] == b")":
            s = Selector(acl.pubsub_default)
            for part in split_args(op[1:-1]):
                s.apply(acl.universe, part)
            self.selectors.append(s)
        elif low == b"clearselectors":
            del self.selectors[1:]
        elif low == b"reset":
            for rule in (b"resetpass", b"resetkeys", b"resetchannels"):
                self.apply(acl, rule)
            if acl.pubsub_default:
                self.apply(acl, b"allchannels")
            for rule in (b"off", b"sanitize-payload", b"clearselectors", b"-@all"):
                self.apply(acl, rule)
        else:
            self.selectors[0].apply(acl.universe, op)

    def describe(self, u: Universe) -> str:
        """ACLDescribeUser: flags, #hashes, the root selector, then ``(selector)``s."""
        out = [f for f in USER_FLAGS if f in self.flags]
        out.extend("#" + h for h in self.passwords)
        out.append(self.selectors[0].describe(u))
        s = " ".join(out)
        for sel in self.selectors[1:]:
            s += " (%s)" % sel.describe(u)
        return s

    def check(self, u: Universe, info: CommandInfo, argv: list):
        """ACLCheckAllUserCommandPerm: (result, argument position)."""
        relevant, last_idx = DENIED_CMD, 0
        cache: list = []
        for s in self.selectors:
            r, idx = s.check(u, info, argv, cache)
            if r == ACL_OK:
                return ACL_OK, 0
            if r > relevant or (r == relevant and idx > last_idx):
                relevant, last_idx = r, idx
        return relevant, last_idx

    def channel_ok(self, channel: bytes, is_pattern: bool) -> bool:
        for s in self.selectors:
            if s.allchannels or channel_allowed(s.channels, channel, is_pattern):
                return True
        return False

    def password_ok(self, password: bytes) -> bool:
        if "nopass" in self.flags:
            return True
        h = hash_password(password)
        ok = False
        for p in self.passwords:
            ok |= hmac.compare_digest(p, h)
        return ok


def split_args(s: bytes) -> list:
    """sdssplitargs, enough for selector bodies: words split on spaces, quotes honoured."""
    out = []
    i, n = 0, len(s)
    while True:
        while i < n and s[i] in b" \t\n\r\v\f":
            i += 1
        if i >= n:
            return out
        cur = bytearray()
        quote = None
        while i < n:
            ch = s[i]
            if quote is None:
                if ch in b" \t\n\r\v\f":
                    break
                if ch in b"\"'":
                    quote = ch
                else:
                    cur.append(ch)
            elif ch == quote:
                quote = None
            elif ch == 0x5C and quote == 0x22 and i + 1 < n:
                i += 1
                cur.append(s[i])
            else:
                cur.append(ch)
            i += 1
        out.append(bytes(cur))


def merge_selector_args(args: list):
    """ACLMergeSelectorArguments: ``(`` ... ``)`` spread over several arguments become one.
    Returns (merged, None) or (None, index of the unmatched opening argument)."""
    out = []
    start = -1
    cur = b""
    for j, op in enumerate(args):
        if op[:1] == b"(" and op[-1:] != b")":
            cur = op
            start = j
            continue
        if start != -1:
            cur += b" " + op
            if op[-1:] == b")":
                start = -1
                out.append(cur)
            continue
        out.append(op)
    if start != -1:
        return None, start
    return out, None


# -- the registry of users and the log -----------------------------------------------------

LOG_GROUPING_MS = 60000


class LogEntry:
    __slots__ = ("count", "reason", "context", "object", "username", "ctime", "cinfo")


REASONS = {DENIED_CMD: b"command", DENIED_KEY: b"key", DENIED_CHANNEL: b"channel", DENIED_AUTH: b"auth"}


class ACL:
    """The users (``default`` always exists) and the ACL log."""

    def __init__(self, universe: Universe, pubsub_default: bool = False) -> None:
        self.universe = universe
        self.pubsub_default = pubsub_default  # acl-pubsub-default allchannels
        self.users: dict = {}
        self.default = self._make_default()
        self.users[b"default"] = self.default
        self.log: list = []  # newest first

    def _make_default(self) -> User:
        u = User(b"default")
        for rule in (b"+@all", b"~*", b"&*", b"on", b"nopass"):
            u.apply(self, rule)
        u.refresh()
        return u

    def new_user(self, name: bytes) -> User:
        return User(name, self.pubsub_default)

    def set_default_password(self, password: str) -> None:
        """CONFIG SET requirepass (ACLUpdateDefaultUserPassword)."""
        d = self.default
        d.apply(self, b"resetpass")
        if password:
            d.apply(self, b">" + password.encode("utf-8", "surrogateescape"))
        else:
            d.apply(self, b"nopass")

    def default_authenticated(self) -> bool:
        """Whether a new connection starts authenticated as ``default``."""
        d = self.default
        return "nopass" in d.flags and "on" in d.flags

    def authenticate(self, username: bytes, password: bytes):
        """The user for these credentials, or None (ACLCheckUserCredentials)."""
        u = self.users.get(username)
        if u is None or "on" not in u.flags:
            return None
        return u if u.password_ok(password) else None

    def sorted_users(self) -> list:
        return [self.users[k] for k in sorted(self.users)]

    def add_log(self, reason: int, context: bytes, obj: bytes, username: bytes, now_ms: int,
                cinfo: bytes, max_len: int) -> None:
        """addACLLogEntry: bump a similar recent entry (among the newest 10) or add one."""
        for i, e in enumerate(self.log[:10]):
            if (e.reason == reason and e.context == context and abs(e.ctime - now_ms) <= LOG_GROUPING_MS
                    and e.object == obj and e.username == username):
                e.count += 1
                e.ctime = now_ms
                e.cinfo = cinfo
                del self.log[i]
                self.log.insert(0, e)
                return
        e = LogEntry()
        e.count = 1
        e.reason = reason
        e.context = context
        e.object = obj
        e.username = username
        e.ctime = now_ms
        e.cinfo = cinfo
        self.log.insert(0, e)
        del self.log[max_len:]

    def load_file(self, path: str, shown_path: str):
        """ACLLoadFromFile: the new users, or an error text (nothing changes on error)."""
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            return None, "Error loading ACLs, opening file '%s': %s" % (shown_path, os.strerror(e.errno or 0))
        users: dict = {}
        errors = ""
        for lineno, line in enumerate(data.split(b"\n"), 1):
            line = line.strip(b" \t\r\n")
            if not line:
                continue
            argv = [a for a in line.split(b" ") if a]
            if not argv:
                continue
            if argv[0] != b"user" or len(argv) < 2:
                errors += "%s:%d should start with user keyword followed by the username. " % (shown_path, lineno)
                continue
            if has_spaces(argv[1]):
                errors += "'%s:%d: username '%s' contains invalid characters. " % (shown_path, lineno, _s(argv[1]))
                continue
            if argv[1] in users:
                errors += "WARNING: Duplicate user '%s' found on line %d. " % (_s(argv[1]), lineno)
                continue
            u = self.new_user(argv[1])
            users[argv[1]] = u
            merged, _bad = merge_selector_args(argv[2:])
            if merged is None:
                errors += "%s:%d: Unmatched parenthesis in selector definition." % (shown_path, lineno)
                merged = []
            for op in merged:
                try:
                    u.apply(self, op.strip(b"\t\r\n"))
                except RuleError as e:
                    errors += "%s:%d: %s. " % (shown_path, lineno, e.text)
            u.refresh()
        if errors:
            return None, errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed"
        return users, None

    def install(self, users: dict) -> list:
        """Replace the users by a loaded set; ``default`` keeps its object.  Returns the
        users that are gone (their clients must be disconnected)."""
        new_default = users.pop(b"default", None) or self._make_default()
        self.default.copy_from(new_default)
        gone = [u for k, u in self.users.items() if k != b"default"]
        self.users = {b"default": self.default}
        self.users.update(users)
        return gone

    def file_text(self) -> bytes:
        return b"".join(b"user %s %s\n" % (u.name, u.describe(self.universe).encode("utf-8", "surrogateescape"))
                        for u in self.sorted_users())
