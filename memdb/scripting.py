"""Lua scripting (eval.c, script_lua.c, function_lua.c): one Lua 5.1 runtime (``lupa.lua51``)
per server, a sandbox that matches Redis 7.0's, ``redis.*`` for scripts, the conversions
between RESP and Lua in both directions, and the busy-script watchdog.

Rules: scripts run atomically on the event-loop thread with the time of the command that
started them; every ``redis.call`` goes through ``Server.execute`` with a socket-less
script client (its own database selection and RESP version), so all checks, the log and
keyspace events are the ordinary ones.  The RESP a command answers is parsed back here
(``_parse``) so that status, error, null and RESP3 types arrive in Lua exactly as Redis hands
them.  Nothing in the sandbox reaches files, the OS or Python.
"""

from __future__ import annotations

import hashlib
import math
import sys
import time

from lupa import lua51

from . import lualibs
from .commands.table import COMMANDS, resolve
from .errors import CommandError
from .protocol import NO_REPLY, OK, BigNumber, Double, ErrorReply, Map, Set, Status, Verbatim, encode, split_args

PRELUDE = r"""
local py = ...
local real = _G
local ssub, tostr, stype, sselect, unpack_ = string.sub, tostring, type, select, unpack
local protected = setmetatable({}, {__mode = 'k'})
local function ro_error() error("Attempt to modify a readonly table", 2) end
local function readonly(t)
  local p = setmetatable({}, {__index = t, __newindex = ro_error, __metatable = false})
  protected[p] = true
  return p
end

local env = {}
for _, name in ipairs({'assert', 'collectgarbage', 'error', 'gcinfo', 'getmetatable', 'ipairs', 'next',
                       'pairs', 'pcall', 'rawequal', 'rawget', 'select', 'setmetatable', 'tonumber',
                       'tostring', 'type', 'unpack', 'xpcall', '_VERSION'}) do
  env[name] = real[name]
end
-- unpack as Redis's patched luaB_unpack: a range too long for the C stack is an error (the
-- stock Lua 5.1 of lupa overflows its count and takes the process down)
do
  local real_unpack, floor, ceil, fmt = unpack, math.floor, math.ceil, string.format
  local function argint(v, k, given)
    local x = tonumber(v)
    if x == nil then
      error(fmt("bad argument #%d to 'unpack' (number expected, got %s)", k, given and stype(v) or 'no value'), 3)
    end
    x = x >= 0 and floor(x) or ceil(x)
    return (x + 2147483648) % 4294967296 - 2147483648  -- the C int luaL_checkint makes of it
  end
  env.unpack = function(...)
    local n = sselect('#', ...)
    local t, i0, e0 = ...
    local i, e
    if stype(t) ~= 'table' then
      error(fmt("bad argument #1 to 'unpack' (table expected, got %s)", n > 0 and stype(t) or 'no value'), 2)
    end
    i = (i0 == nil) and 1 or argint(i0, 2, true)
    e = (e0 == nil) and #t or argint(e0, 3, true)
    if i > e then return end
    local count = e - i + 1
    if count >= 2147483647 or count > 8000 or count + n > 8000 then  -- INT_MAX, lua_checkstack
      error("too many results to unpack", 2)
    end
    -- as many arguments as the caller passed: the same stack (unpack(a) of 7999 items fits)
    if n == 1 then return real_unpack(t) end
    if n == 2 then return real_unpack(t, i0) end
    return real_unpack(t, i0, e0)
  end
end
env.rawset = function(t, k, v)
  if protected[t] then error("Attempt to modify a readonly table", 0) end  -- Redis's: no position
  return real.rawset(t, k, v)
end
local function sandboxed(f)
  if f then setfenv(f, env) end
  return f
end
-- Redis's Lua parses a precompiled (binary) chunk as text, so it fails to load: bytecode
-- could crash the process.  A space before the ESC does the same, with the same chunk name.
env.loadstring = function(s, name)
  if stype(s) == 'string' and ssub(s, 1, 1) == '\27' then
    local f, e = real.loadstring(' ' .. s, name or s)
    return sandboxed(f), e
  end
  local f, e = real.loadstring(s, name)
  return sandboxed(f), e
end
env.load = function(fn, name)
  local reader, first = fn, true
  if stype(fn) == 'function' then
    reader = function()
      local piece = fn()
      if first and stype(piece) == 'string' and piece ~= '' then
        first = false
        if ssub(piece, 1, 1) == '\27' then piece = ' ' .. piece end
      end
      return piece
    end
  end
  local f, e = real.load(reader, name)
  return sandboxed(f), e
end

local mathlib = {}
for k, v in pairs(math) do mathlib[k] = v end
mathlib.random = py.random
mathlib.randomseed = py.randomseed
env.math = readonly(mathlib)
env.string = readonly(string)
-- "abc":upper() goes through the string metatable: its __index becomes the read-only view,
-- and getmetatable('') hands out a read-only view of the metatable itself
local string_mt = real.getmetatable('')
string_mt.__index = env.string
local string_mt_ro = readonly(string_mt)
env.getmetatable = function(o)
  if stype(o) == 'string' then return string_mt_ro end
  return real.getmetatable(o)
end
-- Redis's pcall hands back an error table's message; xpcall handlers see error tables
local function pack(...) return {n = sselect('#', ...), ...} end
local function plain_error(e)
  if stype(e) == 'userdata' then e = py.unwrap_for_pcall(e) end
  if stype(e) == 'table' and stype(e.err) == 'string' then return e.err end
  return e
end
env.pcall = function(f, ...)
  local r = pack(real.pcall(f, ...))
  if not r[1] then return false, plain_error(r[2]) end
  return unpack_(r, 1, r.n)
end
env.xpcall = function(f, h)
  return real.xpcall(f, function(e)
    if stype(e) == 'userdata' then e = py.unwrap(e) end
    return h(e)
  end)
end
env.table = readonly(table)
env.coroutine = readonly(coroutine)
env.bit = readonly(py.bit)
env.cjson = readonly(py.cjson)
env.struct = readonly(py.struct)
env.cmsgpack = readonly(py.cmsgpack)

local redis = {}
-- Python functions are C functions to Lua: a script's "return redis.call(...)" keeps its own
-- frame on the stack (no tail call), so errors can say where they happened, as in Redis
redis.call = py.call_raise
redis.pcall = py.call_noraise
redis.error_reply = function(...)
  if select('#', ...) ~= 1 or type((...)) ~= 'string' then
    return py.error_table("wrong number or type of arguments")
  end
  local e = (...)
  if ssub(e, 1, 1) ~= '-' then e = '-' .. e end
  return py.error_table(e)
end
redis.status_reply = function(...)
  if select('#', ...) ~= 1 or type((...)) ~= 'string' then
    return py.error_table("wrong number or type of arguments")
  end
  return {ok = (...)}
end
redis.sha1hex = py.sha1hex
redis.log = py.log
redis.setresp = py.setresp
redis.set_repl = py.set_repl
redis.replicate_commands = function() return true end
redis.breakpoint = function() return false end
redis.debug = function() end
redis.acl_check_cmd = py.acl_check
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
redis.REDIS_VERSION = py.version
redis.REDIS_VERSION_NUM = py.version_num
env.redis = readonly(redis)
-- The globals scripts see (_G) are an empty read-only table whose lookups go to ``genv``, so
-- no global can be assigned, old or new, and nothing a script does outlives it: Redis
-- makes _G read-only.  getmetatable(_G) hands out a read-only view of its metatable.
local genv = env
setmetatable(genv, {
  __index = function(t, k) error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2) end,
  __newindex = ro_error,
  __metatable = false,
})
local env_mt = {__index = genv, __newindex = ro_error}
env_mt.__metatable = readonly(env_mt)
env = setmetatable({}, env_mt)
protected[env] = true
real.rawset(genv, '_G', env)
-- a read-only table's metatable cannot be replaced either (Redis's text, with no position)
real.rawset(genv, 'setmetatable', function(t, mt)
  if protected[t] then error("Attempt to modify a readonly table", 0) end
  return real.setmetatable(t, mt)
end)

local dbg = debug
local function handler(err)
  local info
  local level = 2
  while true do
    local i = dbg.getinfo(level, 'nSl')
    if not i then break end
    if i.what ~= 'C' and i.source and (i.source == '@user_script' or ssub(i.source, 1, 14) == '@user_function') then
      info = i
      break
    end
    level = level + 1
  end
  local where = ''
  if stype(err) == 'userdata' then
    local positioned
    err, positioned = py.unwrap(err)  -- a Python exception: redis.call's error table, or a message
    if positioned and info then  -- a library's error says where, as luaL_error does
      where = ssub(info.source, 2) .. ':' .. tostr(info.currentline) .. ': '
    end
  end
  if stype(err) ~= 'table' then
    err = {err = 'ERR ' .. where .. tostr(err)}
  elseif stype(err.err) == 'number' then
    err.err = tostr(err.err)
  end
  if info then
    err.source = info.source
    err.line = info.currentline
  end
  return err
end

-- FUNCTION LOAD (function_lua.c): while a library's body runs, its only global is a 'redis'
-- that registers functions, logs and tells the version; every other name is an error.  The
-- functions it registers run later with the globals scripts have (without KEYS and ARGV).
local function error_proxy(t)  -- luaSetErrorMetatable + read-only, as Redis's library API tables
  local p = setmetatable({}, {
    __index = function(_, k)
      local v = t[k]
      if v == nil then error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2) end
      return v
    end,
    __newindex = ro_error, __metatable = false})
  protected[p] = true
  return p
end
-- a Python function, so a C function to Lua: errors name the caller's line even after a tail call
local loadredis = {register_function = py.register_function}
for _, k in ipairs({'log', 'LOG_DEBUG', 'LOG_VERBOSE', 'LOG_NOTICE', 'LOG_WARNING', 'REDIS_VERSION',
                    'REDIS_VERSION_NUM'}) do
  loadredis[k] = redis[k]
end
local loadapi = {redis = error_proxy(loadredis)}
local loading = false
-- a library's globals: an empty read-only table that looks names up in the load API while the
-- body runs, and in the script globals afterwards (function_lua.c swaps the metatable's __index)
local libenv = setmetatable({}, {
  __index = function(t, k)
    local v
    if loading then v = loadapi[k] else v = real.rawget(genv, k) end
    if v == nil then
      error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
    end
    return v
  end,
  __newindex = ro_error, __metatable = false})
protected[libenv] = true

local function textual(body)  -- a precompiled chunk is parsed as text (see env.loadstring)
  if ssub(body, 1, 1) == '\27' then return ' ' .. body end
  return body
end

local function load_library(body)
  local f, e = real.loadstring(textual(body), '@user_function')
  if not f then return false, e, true end
  setfenv(f, libenv)
  loading = true
  local ok, err = xpcall(f, handler)
  loading = false
  return ok, err, false
end

local function compile(body, chunkname)
  local f, e = real.loadstring(textual(body), chunkname)
  if not f then return nil, e end
  setfenv(f, env)
  return f
end

local function collect(nkeys, ...)
  local keys, argv = {}, {}
  local n = select('#', ...)
  for i = 1, nkeys do keys[i] = (select(i, ...)) end
  for i = nkeys + 1, n do argv[i - nkeys] = (select(i, ...)) end
  return keys, argv
end

local function run(f, nkeys, ...)
  local keys, argv = collect(nkeys, ...)
  real.rawset(genv, 'KEYS', keys)
  real.rawset(genv, 'ARGV', argv)
  local r = pack(xpcall(f, handler))
  real.rawset(genv, 'KEYS', nil)  -- functions must not see an earlier script's arguments
  real.rawset(genv, 'ARGV', nil)
  return unpack_(r, 1, r.n)
end

local function run_with(f, nkeys, ...)
  local keys, argv = collect(nkeys, ...)
  return xpcall(function() return f(keys, argv) end, handler)
end

local function sethook(hook, count)
  dbg.sethook(function() hook() end, '', count)
end

local function clearhook()
  dbg.sethook()
end

-- what a returned table means (luaReplyToRedisReply): fields read raw, in Redis's order, so a
-- metatable is never called; an array is copied raw up to its first nil
local rawget_ = real.rawget
local function reply_shape(t)
  local v = rawget_(t, 'err')
  if stype(v) == 'string' then return 1, v end
  v = rawget_(t, 'ok')
  if stype(v) == 'string' then return 2, v end
  v = rawget_(t, 'double')
  if stype(v) == 'number' then return 3, v end
  v = rawget_(t, 'big_number')
  if stype(v) == 'string' then return 4, v end
  v = rawget_(t, 'verbatim_string')
  if stype(v) == 'table' then
    local f, s = rawget_(v, 'format'), rawget_(v, 'string')
    if stype(f) == 'string' and stype(s) == 'string' then return 5, s, f end
  end
  v = rawget_(t, 'map')
  if stype(v) == 'table' then return 6, v end
  v = rawget_(t, 'set')
  if stype(v) == 'table' then return 7, v end
  local arr, j = {}, 1
  while true do
    local x = rawget_(t, j)
    if x == nil then break end
    arr[j] = x
    j = j + 1
  end
  return 8, arr, j - 1
end

return {compile = compile, load_library = load_library, run = run, run_with = run_with, env = env, sethook = sethook,
        clearhook = clearhook, readonly = readonly, rawset = real.rawset, reply_shape = reply_shape}
"""

# Redis's PRNG for math.random (rand.c: drand48 from its default state, never reseeded per script)
_A, _C, _M = 0x5DEECE66D, 0xB, 2**48
LRAND48_MAX = 2147483647


LOAD_TIMEOUT_S = 0.5  # functions.c LOAD_TIMEOUT_MS
GC_CYCLE_PERIOD = 50  # script_lua.c LUA_GC_CYCLE_PERIOD: a GC step of this size every this many calls


class ScriptKilled(Exception):
    pass


class Lua:
    """The Lua runtime of one server and its script cache."""

    def __init__(self, srv) -> None:
        self.srv = srv
        self.rt = lua51.LuaRuntime(unpack_returned_tuples=True, encoding=None, register_eval=False,
                                   register_builtins=False)
        self.rand_state = 0x1234ABCD330E
        self.script_client = None
        self.caller = None  # the client running the current script (ACL log entries)
        self.keys: list = []  # the running script's declared keys (KEYS)
        self.readonly = False
        self.wrote = False
        self.kill_requested = False
        self.running = None  # (name, started monotonic) while a script runs
        # cjson's settings, one set for scripts (SCRIPT FLUSH renews it, as it renews Redis's
        # Lua state) and one for functions: Redis runs the two in separate Lua states
        self.cjson_settings = {"eval": lualibs.cjson_defaults(), "function": lualibs.cjson_defaults()}
        py = lualibs._tbl(self.rt, {
            "call_raise": self._call_raise,
            "call_noraise": self._call_noraise,
            "unwrap": _unwrap,
            "error_table": self._error_table,
            "sha1hex": self._sha1hex,
            "unwrap_for_pcall": _unwrap_for_pcall,
            "log": self._log,
            "setresp": self._setresp,
            "acl_check": self._acl_check,
            "set_repl": self._set_repl,
            "random": self._random,
            "randomseed": self._randomseed,
            "version": b"7.0.15",
            "version_num": 0x07000F,
            "bit": lualibs.bit_table(self.rt),
            "cjson": lualibs.cjson_table(self.rt, self._cjson_settings),
            "struct": lualibs.struct_table(self.rt),
            "cmsgpack": lualibs.cmsgpack_table(self.rt),
        })
        py[b"register_function"] = self._register_function
        self.api = self.rt.execute(PRELUDE, py)
        self.api.sethook(self._hook, 100_000)  # the busy-script watchdog, checked every 100k instructions
        self.scripts: dict = {}  # sha (bytes, lowercase hex) -> (body, compiled function)
        self.libraries: dict = {}  # name -> {"code": bytes, "functions": [names]}
        # lowercase name -> {"name", "callback", "flags", "description", "library"}: function
        # names are looked up without case, as Redis's functionDictType compares them
        self.functions: dict = {}
        self.running_function = False
        self.repl_aof = True  # redis.set_repl: whether the running script's writes are logged
        self._registering: dict | None = None
        self.calls_since_gc = 0
        self._gc_step = self.rt.eval("function() collectgarbage('step', %d) end" % GC_CYCLE_PERIOD)
        self._gc_full = self.rt.eval("function() collectgarbage('collect') end")
        self._load_started = 0.0  # when the library being loaded started running

    # -- the script cache ---------------------------------------------------------------------
    def compile(self, body: bytes, chunkname: bytes = b"@user_script"):
        """A compiled function, or raise ValueError with Lua's message."""
        r = self.api.compile(body, chunkname)
        if isinstance(r, tuple):
            f, err = r[0], r[1] if len(r) > 1 else None
        else:
            f, err = r, None
        if f is None:
            raise ValueError((err or b"").decode("utf-8", "replace") if isinstance(err, bytes) else str(err))
        return f

    def load(self, body: bytes) -> bytes:
        sha = hashlib.sha1(body).hexdigest().encode()
        if sha not in self.scripts:
            self.scripts[sha] = (body, self.compile(body))
        return sha

    def flush(self) -> None:
        """SCRIPT FLUSH: Redis starts a new Lua state; here the cache and the scripts' cjson
        settings go and a full garbage collection returns what they held."""
        self.scripts.clear()
        self.cjson_settings["eval"] = lualibs.cjson_defaults()
        self._gc_full()

    def _cjson_settings(self) -> dict:
        in_functions = self.running_function or self._registering is not None
        return self.cjson_settings["function" if in_functions else "eval"]

    @staticmethod
    def sha(body: bytes) -> bytes:
        return hashlib.sha1(body).hexdigest().encode()

    def vm_bytes(self) -> int:
        """Bytes the Lua VM holds (Lua's own count, as Redis's used_memory_lua)."""
        return int(self.rt.eval("collectgarbage('count')") * 1024)

    # -- function libraries -------------------------------------------------------------------
    def load_library(self, code: bytes, replace: bool) -> bytes:
        """FUNCTION LOAD: parse the shebang, run the body once to collect its functions."""
        from .errors import CommandError

        name, body = library_header(code)
        old = self.libraries.get(name)
        if old is not None and not replace:
            raise CommandError("ERR Library '%s' already exists" % name.decode("utf-8", "surrogateescape"))
        self._registering = {}
        self._load_started = time.monotonic()
        try:
            r = self.api.load_library(body)
        finally:
            registered, self._registering = self._registering, None
        ok, err, compile_error = (tuple(r) + (None, None, None))[:3]
        if compile_error:
            raise CommandError("ERR Error compiling function: %s" % _text(err))
        if not ok:
            raise CommandError("ERR Error registering functions: %s" % self._raised(err, b"", with_place=False))
        if not registered:
            raise CommandError("ERR No functions registered")
        for fname in registered:
            owner = self.functions.get(fname.lower())
            if owner is not None and owner["library"] != name:
                raise CommandError("ERR Function %s already exists" % fname.decode("utf-8", "surrogateescape"))
        if old is not None:
            self.delete_library(name)
        for fname, fn in registered.items():
            fn["library"] = name
            self.functions[fname.lower()] = fn
        self.libraries[name] = {"code": code, "functions": list(registered)}
        self.srv.ks.dirty += 1
        return name

    def delete_library(self, name: bytes) -> None:
        lib = self.libraries.pop(name)
        for fname in lib["functions"]:
            self.functions.pop(fname.lower(), None)
        self.srv.ks.dirty += 1

    def flush_libraries(self) -> None:
        self.libraries.clear()
        self.functions.clear()
        self.srv.ks.dirty += 1

    def _unpositioned(self, msg: str) -> "RedisCallError":
        """An error raised as Redis's luaPushError does: a table, no position."""
        return RedisCallError(self._error_table(msg.encode()))

    def _register_function(self, *args):
        """redis.register_function(name, callback) or redis.register_function{function_name=,
        callback=, flags=, description=}: the checks of function_lua.c luaRegisterFunction, in
        its order (named arguments one by one as ``next`` gives them, then what is missing)."""
        reg = self._registering
        if reg is None:
            raise self._unpositioned("redis.register_function can only be called on FUNCTION LOAD command")
        if not 1 <= len(args) <= 2:
            raise self._unpositioned("wrong number of arguments to redis.register_function")
        flags, description = [], None
        if len(args) == 2:
            name, callback = _lua_tostring(args[0]), args[1]
            if name is None:
                raise self._unpositioned("first argument to redis.register_function must be a string")
            if lua51.lua_type(callback) != "function":
                raise self._unpositioned("second argument to redis.register_function must be a function")
        else:
            if lua51.lua_type(args[0]) != "table":
                raise self._unpositioned("calling redis.register_function with a single argument is only applicable "
                                         "to Lua table (representing named arguments).")
            name = callback = None
            for k, v in args[0].items():
                key = _lua_tostring(k)
                if key is None:
                    raise self._unpositioned("named argument key given to redis.register_function is not a string")
                key = key.lower()  # strcasecmp
                if key == b"function_name":
                    name = _lua_tostring(v)
                    if name is None:
                        raise self._unpositioned("function_name argument given to redis.register_function must be "
                                                 "a string")
                elif key == b"description":
                    description = _lua_tostring(v)
                    if description is None:
                        raise self._unpositioned("description argument given to redis.register_function must be a "
                                                 "string")
                elif key == b"callback":
                    if lua51.lua_type(v) != "function":
                        raise self._unpositioned("callback argument given to redis.register_function must be a "
                                                 "function")
                    callback = v
                elif key == b"flags":
                    if lua51.lua_type(v) != "table":
                        raise self._unpositioned("flags argument to redis.register_function must be a table "
                                                 "representing function flags")
                    flags = _read_flags(v)
                    if flags is None:
                        raise self._unpositioned("unknown flag given")
                else:
                    raise self._unpositioned("unknown argument given to redis.register_function")
            if name is None:
                raise self._unpositioned("redis.register_function must get a function name argument")
            if callback is None:
                raise self._unpositioned("redis.register_function must get a callback argument")
        if not _NAME_OK(name):  # functionLibCreateFunction checks the name as a library's
            raise self._unpositioned("Library names can only contain letters, numbers, or underscores(_) and must be at "
                                     "least one character long")
        if name in reg:
            raise self._unpositioned("Function already exists in the library")
        reg[name] = {"name": name, "callback": callback, "flags": flags, "description": description}

    # -- running ------------------------------------------------------------------------------
    def run(self, c, func, name: bytes, keys, args, readonly: bool, args_as_tables: bool = True,
            function: bool = False):
        """Run ``func`` for client ``c``: the reply object for ``encode``.  ``name`` is what
        error messages call the script (its sha, or a function name)."""
        srv = self.srv
        sc = self._client(c)
        self.readonly = readonly
        self.wrote = False
        self.repl_aof = True
        self.kill_requested = False
        self.running = (name, time.monotonic(), c)
        self.running_function = function
        self.keys = keys
        aof = srv.aof
        if aof is not None:
            aof.begin()  # the script's effects are one transaction
        try:
            runner = self.api.run if args_as_tables else self.api.run_with
            r = runner(func, len(keys), *keys, *args)
        finally:
            self.running = None
            if aof is not None:
                aof.end()
            self.calls_since_gc += 1
            if self.calls_since_gc == GC_CYCLE_PERIOD:  # Redis luaCallFunction: a GC step now and
                self.calls_since_gc = 0                 # then, rather than a full cycle at random
                self._gc_step()
        ok, *rest = r if r.__class__ is tuple else (r,)
        value = rest[0] if rest else None
        if not ok:
            return self._raised(value, name)
        try:
            return self._to_reply(value, c.resp, sc.resp)
        except _TooDeep:
            return ErrorReply("ERR reached lua stack limit")

    def _client(self, c):
        sc = self.script_client
        if sc is None:
            from .server import Client

            sc = Client(self.srv, None, 0)
            sc.authenticated = True
            sc.in_exec = True  # no blocking, no faults, no journal: as commands inside EXEC
            sc.addr_bytes = b"lua"
            sc.name = b""
            self.script_client = sc
        sc.resp = 2
        sc.user = c.user  # redis.call runs with the caller's ACL permissions
        self.caller = c
        sc.select(c.dbid)
        sc.now = c.now
        sc.touch = c.touch
        return sc

    def _raised(self, err, name: bytes, with_place: bool = True) -> ErrorReply:
        """The error a failed script answers: its message, then where it happened."""
        if self.rt.eval("type")(err) == b"table":
            msg = err[b"err"]
            msg = msg.decode("utf-8", "surrogateescape") if isinstance(msg, bytes) else "ERR unknown error"
            source, line = err[b"source"], err[b"line"]
            if with_place and source is not None and line is not None:
                msg += " script: %s, on %s:%d." % (name.decode("utf-8", "surrogateescape"),
                                                   source.decode("utf-8", "surrogateescape"), line)
            return ErrorReply(msg)
        return ErrorReply("ERR " + _text(err))

    # -- redis.call ---------------------------------------------------------------------------
    def _call_raise(self, *args):
        v, err = self._call(True, *args) if self.repl_aof else self._call_unlogged(True, args)
        if err:
            raise RedisCallError(v)
        return v

    def _call_noraise(self, *args):
        return (self._call(False, *args) if self.repl_aof else self._call_unlogged(False, args))[0]

    def _call_unlogged(self, raise_error, args):
        """redis.call/pcall after redis.set_repl without REPL_AOF: what the command logged is
        taken back out of the log (and the log's database with it)."""
        aof = self.srv.aof
        if aof is None:
            return self._call(raise_error, *args)
        n0, db0 = len(aof.buf), aof.db
        try:
            return self._call(raise_error, *args)
        finally:
            if len(aof.buf) > n0:
                del aof.buf[n0:]
                aof.db = db0

    def _call(self, raise_error, *args):
        if self.kill_requested:
            raise ScriptKilled("Script killed by user with SCRIPT KILL...")
        srv = self.srv
        if not args:
            return self._error_table(b"Please specify at least one argument for this redis lib call"), raise_error
        argv = []
        for a in args:
            t = a.__class__
            if t is bytes:
                argv.append(a)
            elif t is int:
                argv.append(b"%d" % a if -(2**53) <= a <= 2**53 else b"%.17g" % a)
            elif t is float:
                argv.append(b"%.17g" % a)
            else:
                return self._error_table(b"Lua redis lib command arguments must be strings or integers"), raise_error
        cmd = COMMANDS.get(argv[0])
        if cmd is None or cmd.subcommands:
            try:
                cmd = resolve(argv)
            except CommandError as e:
                cmd = None
                if "wrong number of arguments" in e.msg:
                    return self._error_table(b"Wrong number of args calling Redis command from script"), raise_error
        if cmd is None:
            return self._error_table(b"Unknown Redis command called from script"), raise_error
        a = cmd.arity
        if (a > 0 and len(argv) != a) or len(argv) < -a:
            return self._error_table(b"Wrong number of args calling Redis command from script"), raise_error
        if "noscript" in cmd.flags and not srv.script_disable_deny:
            return self._error_table(b"This Redis command is not allowed from script"), raise_error
        if not self.script_client.user.free:
            denied = srv.acl_script_denied(self.caller, cmd, argv)
            if denied is not None:
                return self._error_table(denied), raise_error
        if self.readonly and ("write" in cmd.flags or "may_replicate" in cmd.flags):
            # as Redis: a command that may replicate (PUBLISH, PFCOUNT) counts as a write here,
            # so read-only scripts can run during CLIENT PAUSE WRITE
            return self._error_table(b"Write commands are not allowed from read-only scripts."), raise_error
        if "write" in cmd.flags:
            self.wrote = True
        sc = self.script_client
        ks = srv.ks
        t = self.caller.tracking
        if t is not None and not t.bcast and "readonly" in cmd.flags and self.keys:
            # as Redis call(): a script's read makes its caller track the keys the script
            # declared (the caller's command's keys), not the keys the command read
            srv.tracking.remember(self.caller, self.keys)
        if cmd.fast and not ks.maxkeys and not srv.refuse_writes and not srv.hooks:
            # the common commands straight to their handler, as the server's inlined path
            d0 = ks.dirty
            try:
                r = cmd.handler(sc, argv)
            except CommandError as e:
                cmd.calls += 1
                srv._error(cmd, e)  # counted as Redis counts error replies
                return self._error_table(b"-" + e.msg.encode("utf-8", "surrogateescape")), raise_error
            cmd.calls += 1
            srv.stats.commands += 1
            if srv.aof is not None:
                if ks.dirty > d0:
                    srv.propagate(sc, argv)
                else:
                    sc.prop = None
            t = r.__class__
            if t is bytes or t is int:
                return r, False
            if r is None:
                return (False if sc.resp == 2 else None), False
            if r is OK:
                return self.rt.table_from({b"ok": b"OK"}), False
            raw = encode(r, sc.resp) if r is not NO_REPLY else None
        else:
            raw = srv.execute(sc, argv)
        if raw is None:
            return None, False
        value, _ = self._parse(raw, 0)
        if isinstance(value, _Err):
            return self._error_table(b"-" + value.msg), raise_error
        return value, False

    def _error_table(self, msg: bytes):
        """luaPushErrorBuff: {err = "CODE message"} ("-CODE msg" keeps its code; a bare
        message gets ERR)."""
        if msg[:1] == b"-":
            code, sep, rest = msg[1:].partition(b" ")
            msg = code + b" " + rest if sep else b"ERR " + code
        else:
            msg = b"ERR " + msg
        return self.rt.table_from({b"err": msg.rstrip(b"\r\n")})

    def _parse(self, data: bytes, pos: int):
        """One RESP value at ``pos`` as the Lua value Redis builds for it."""
        t = data[pos : pos + 1]
        end = data.index(b"\r\n", pos)
        head = data[pos + 1 : end]
        pos = end + 2
        rt = self.rt
        if t == b"+":
            return rt.table_from({b"ok": head}), pos
        if t == b"-":
            return _Err(head), pos
        if t == b":":
            return int(head), pos
        if t == b"$":
            n = int(head)
            if n < 0:
                return False, pos
            return data[pos : pos + n], pos + n + 2
        if t in (b"*", b"~", b">"):
            n = int(head)
            if n < 0:
                return False, pos
            items = []
            for _ in range(n):
                v, pos = self._parse(data, pos)
                if isinstance(v, _Err):
                    v = self._error_table(b"-" + v.msg)
                items.append(v)
            tbl = rt.table_from(items)
            if t == b"~":
                s = rt.table()
                for v in items:
                    s[v] = True
                return rt.table_from({b"set": s}), pos
            return tbl, pos
        if t == b"%":
            n = int(head)
            m = rt.table()
            for _ in range(n):
                k, pos = self._parse(data, pos)
                v, pos = self._parse(data, pos)
                m[k] = v
            return rt.table_from({b"map": m}), pos
        if t == b"_":
            return None, pos
        if t == b",":
            return rt.table_from({b"double": float(head)}), pos
        if t == b"#":
            return head == b"t", pos
        if t == b"(":
            return rt.table_from({b"big_number": head}), pos
        if t == b"=":
            n = int(head)
            body = data[pos : pos + n]
            return rt.table_from({b"verbatim_string": rt.table_from({b"format": body[:3], b"string": body[4:]})}), pos + n + 2
        raise ValueError("unexpected reply type %r" % t)

    # -- Lua to RESP --------------------------------------------------------------------------
    def _to_reply(self, v, resp: int, script_resp: int, depth: int = 0):
        """luaReplyToRedisReply."""
        if depth > MAX_REPLY_DEPTH:
            raise _TooDeep()
        t = v.__class__
        if v is None:
            return None
        if t is bytes:
            return v
        if t is bool:
            if script_resp == 2:
                return 1 if v else None
            return v
        if t is int:
            return v if -(2**63) <= v < 2**63 else -(2**63)
        if t is float:
            return _to_long(v)
        if lua51.lua_type(v) == "table":
            shape = self.api.reply_shape(v)
            kind, x = shape[0], shape[1]
            if kind == 8:
                arr = x
                return [self._to_reply(arr[j], resp, script_resp, depth + 1) for j in range(1, shape[2] + 1)]
            if kind == 1:
                return ErrorReply(x.decode("utf-8", "surrogateescape"))
            if kind == 2:
                return Status(x.decode("utf-8", "surrogateescape"))
            if kind == 3:
                return Double(float(x))
            if kind == 4:  # as Redis: a CR or LF would end the line early, they become spaces
                return BigNumber(x.replace(b"\r", b" ").replace(b"\n", b" "))
            if kind == 5:
                out = Verbatim(x)
                out.fmt = shape[2][:3].ljust(3)  # addReplyVerbatim: three bytes, spaces after a short one
                return out
            if kind == 6:
                out = Map()
                for k, val in x.items():
                    out.append(self._to_reply(k, resp, script_resp, depth + 1))
                    out.append(self._to_reply(val, resp, script_resp, depth + 1))
                return out
            return Set([self._to_reply(k, resp, script_resp, depth + 1) for k in x.keys()])
        return None  # functions, userdata ... are nil for Redis

    # -- helpers called from Lua -------------------------------------------------------------
    def _log(self, *args):
        """redis.log(level, ...): Python, so that its errors keep the caller's line."""
        if len(args) < 2:
            raise self._unpositioned("redis.log() requires two arguments or more.")
        level = args[0]
        if isinstance(level, bool) or not isinstance(level, (int, float)):
            raise self._unpositioned("First argument must be a number (log level).")
        names = {0: "debug", 1: "verbose", 2: "notice", 3: "warning"}
        if level not in names:
            raise self._unpositioned("Invalid debug level.")
        parts = []
        for v in args[1:]:
            if isinstance(v, bytes):
                parts.append(v.decode("utf-8", "replace"))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                parts.append(("%d" % v) if isinstance(v, int) else ("%.14g" % v))
        self.srv.log(names[int(level)], " ".join(parts))

    def _set_repl(self, *args):
        if len(args) != 1:
            raise self._unpositioned("redis.set_repl() requires one argument.")
        v = args[0]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 3:
            raise self._unpositioned("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.")
        self.repl_aof = bool(int(v) & 1)  # REPL_AOF or REPL_ALL: later writes reach the log

    def _setresp(self, *args):
        if len(args) != 1:
            raise RedisCallError(self._error_table(b"redis.setresp() requires one argument."))
        if args[0] not in (2, 3):
            raise RedisCallError(self._error_table(b"RESP version must be 2 or 3."))
        self.script_client.resp = int(args[0])

    def _sha1hex(self, *args):
        if len(args) != 1:
            raise RedisCallError(self._error_table(b"wrong number of arguments"))
        v = args[0]
        if isinstance(v, bool) or v is None:
            v = b"true" if v is True else b"false" if v is False else b"nil"
        elif isinstance(v, float):
            v = b"%.14g" % v
        elif isinstance(v, int):
            v = b"%d" % v
        elif not isinstance(v, bytes):
            v = b""
        return hashlib.sha1(v).hexdigest().encode()

    def _acl_check(self, *args):
        if not args:
            raise self._unpositioned("Please specify at least one argument for this redis lib call")
        name = args[0] if isinstance(args[0], bytes) else str(args[0]).encode()
        argv = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        cmd = COMMANDS.get(name) or COMMANDS.get(name.lower())
        if cmd is not None and cmd.subcommands and len(argv) > 1:
            cmd = cmd.subcommands.get(argv[1].lower())
        if cmd is None:
            raise self._unpositioned("Invalid command passed to redis.acl_check_cmd()")
        user = self.script_client.user
        if user.free:
            return True
        acl = self.srv.acl
        info = acl.universe.by_name.get(cmd.name)
        return info is None or user.check(acl.universe, info, argv)[0] == 0

    def _next_rand(self) -> int:
        self.rand_state = (_A * self.rand_state + _C) % _M
        return self.rand_state >> 17

    def _random(self, *args):
        r = (self._next_rand() % LRAND48_MAX) / LRAND48_MAX
        if not args:
            return r
        if len(args) == 1:
            u = _checkint(args[0], 1)
            if u < 1:
                raise ValueError("bad argument #1 to 'random' (interval is empty)")
            return float(math.floor(r * u) + 1)
        if len(args) == 2:
            lo, u = _checkint(args[0], 1), _checkint(args[1], 2)
            if lo > u:
                raise ValueError("bad argument #2 to 'random' (interval is empty)")
            return float(math.floor(r * (u - lo + 1)) + lo)
        raise ValueError("wrong number of arguments")

    def _randomseed(self, *args):
        seed = _checkint(args[0] if args else None, 1) & 0xFFFFFFFF
        self.rand_state = (seed << 16) | 0x330E

    # -- the busy-script watchdog -----------------------------------------------------------
    def _hook(self, *args):
        if self._registering is not None:  # a library's body: FUNCTION LOAD gives it 500 ms
            if time.monotonic() - self._load_started > LOAD_TIMEOUT_S:
                raise self._unpositioned("FUNCTION LOAD timeout")
            return
        if self.running is None or self.srv.config["busy-reply-threshold"] <= 0:
            return
        if self.kill_requested:
            raise ScriptKilled("Script killed by user with SCRIPT KILL...")
        _, started, _c = self.running
        if (time.monotonic() - started) * 1000 >= self.srv.config["busy-reply-threshold"]:
            self.srv.serve_while_busy()
            if self.kill_requested:
                raise ScriptKilled("Script killed by user with SCRIPT KILL...")
            if self.srv.shutdown_requested:  # SHUTDOWN NOSAVE: stop the script, then the server
                raise ScriptKilled("Script killed by SHUTDOWN NOSAVE")


# script.c scripts_flags_def, in its order (FUNCTION LIST lists a function's flags so)
_FUNCTION_FLAGS = ("no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys")
_NAME_OK = __import__("re").compile(rb"[A-Za-z0-9_]+\Z").match


def _lua_tostring(v) -> bytes | None:
    """lua_tostring for what lua_isstring accepts (a string or a number), else None."""
    if isinstance(v, bytes):
        return v
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return b"%d" % v
    if isinstance(v, float):
        return b"%.14g" % v
    return None


def _read_flags(table) -> list | None:
    """luaRegisterFunctionReadFlags: flags[1], flags[2], ... up to the first nil, each a flag
    name in any case; None for anything else.  Listed in Redis's table order, once each."""
    given = set()
    i = 1
    while True:
        v = table[i]
        if v is None:
            break
        f = _lua_tostring(v)
        if f is None or f.lower().decode("latin-1") not in _FUNCTION_FLAGS:
            return None
        given.add(f.lower().decode("latin-1"))
        i += 1
    return [f for f in _FUNCTION_FLAGS if f in given]


def library_header(code: bytes):
    """The library name from ``#!lua name=<name>``, and the body to compile (the shebang
    line becomes a comment so that line numbers stay)."""
    from .errors import CommandError

    if not code.startswith(b"#!"):
        raise CommandError("ERR Missing library metadata")
    nl = code.find(b"\n")
    if nl < 0:
        raise CommandError("ERR Invalid library metadata")
    words = split_args(code[:nl])  # Redis functionExtractLibMetaData: sdssplitargs
    if not words:
        raise CommandError("ERR Invalid library metadata")
    engine = words[0][2:]
    name = None
    for w in words[1:]:
        if w[:5].lower() != b"name=":
            raise CommandError("ERR Invalid metadata value given: %s" % w.decode("utf-8", "surrogateescape"))
        if name is not None:
            raise CommandError("ERR Invalid metadata value, name argument was given multiple times")
        name = w[5:]
    if name is None:
        raise CommandError("ERR Library name was not given")
    if engine.lower() != b"lua":  # engines are looked up without case
        raise CommandError("ERR Engine '%s' not found" % engine.decode("utf-8", "surrogateescape"))
    if not _NAME_OK(name):
        raise CommandError("ERR Library names can only contain letters, numbers, or underscores(_) and must be at "
                           "least one character long")
    return name, b"--" + code


MAX_REPLY_DEPTH = 2000  # deeper (or self-referencing) tables: Redis runs out of Lua stack too
if sys.getrecursionlimit() < 10_000:
    sys.setrecursionlimit(10_000)  # deep replies are encoded recursively


class _TooDeep(Exception):
    pass


class RedisCallError(Exception):
    """redis.call's error: Lua sees it as a value whose ``err`` field is the message (a table
    in Redis; a userdata here, see docs/deviations.md)."""

    def __init__(self, table) -> None:
        super().__init__()
        self.table = table
        self.err = table[b"err"]

    def __getitem__(self, key):
        return self.table[key]

    def __str__(self) -> str:
        return _text(self.err)


def _unwrap(e):
    """For the error handler: (redis.call's table, False), or (the message of any other
    exception, whether it should say where it happened, as a library's luaL_error does)."""
    if isinstance(e, RedisCallError):
        return e.table, False
    if isinstance(e, Exception):
        positioned = not isinstance(e, ScriptKilled)
        return str(e).encode("utf-8", "surrogateescape"), positioned
    return e, False


def _unwrap_for_pcall(e):
    """What Redis's pcall returns for an error: an error table's message, or the message."""
    if isinstance(e, RedisCallError):
        return e.err
    if isinstance(e, Exception):
        return str(e).encode("utf-8", "surrogateescape")
    return e


class _Err:
    __slots__ = ("msg",)

    def __init__(self, msg: bytes) -> None:
        self.msg = msg


def _to_long(f: float) -> int:
    """(long long) of a double on x86-64: out of range (and NaN) gives LLONG_MIN."""
    if f != f or math.isinf(f):
        return -(2**63)
    v = int(f)
    return v if -(2**63) <= v < 2**63 else -(2**63)


def _checkint(v, n: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        if isinstance(v, bytes):
            try:
                return int(float(v))
            except ValueError:
                pass
        raise ValueError("bad argument #%d to 'random' (number expected, got %s)" % (n, "no value" if v is None else type(v).__name__))
    return int(v)


def _text(v) -> str:
    if isinstance(v, bytes):
        return v.decode("utf-8", "surrogateescape")
    return str(v)
