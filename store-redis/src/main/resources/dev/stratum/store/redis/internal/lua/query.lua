-- Runs a query server-side: evaluates the filter plan to a set of ids with set operations, orders it
-- by the sort keys, and returns one window of ids with their documents (or a count, or deletes).
-- KEYS[1] the collection's id set (routes the script to the collection's slot)
-- ARGV[1] base, ARGV[2] a unique name for this call's temporary keys, ARGV[3] the JSON spec,
-- ARGV[4..] strings the spec refers to by number (key suffixes, bounds, ids), 1 = ARGV[4].
--
-- spec: f filter plan, s sort keys [{k='i'|'n'|'l', a=ref, d=1|-1}], m mode, o offset, l limit (0 none),
-- w window size, t ttl collection (0/1), keep ms to keep a cursor (0 none), and for continuations
-- r cursor ref, rev, p position, e end (-1 none), n batch size.
-- Filter plan nodes: {t='a'} all, {t='0'} none, {t='k', a=ref} an index set, {t='id', v=[refs]} ids,
-- {t='nr', a=ref, lo=ref, hi=ref} numeric range, {t='ir', lo=ref, hi=ref} id range,
-- {t='lr', a=ref, lo=ref, hi=ref} range of sortable values, {t='and'|'or', c=[...]}, {t='not', c=node}.
local base, qid = ARGV[1], ARGV[2]
local spec = cjson.decode(ARGV[3])
local U = base .. 'ids'
local TEMP_MS = 30000
local temps, ntemp = {}, 0

local function ref(i)
  return ARGV[i + 3]
end

local function tmp()
  ntemp = ntemp + 1
  local k = base .. 'tmp:' .. qid .. ':' .. ntemp
  temps[#temps + 1] = k
  return k
end

local function stored(key, n)
  if n == 0 then
    return nil, 'e'
  end
  redis.call('PEXPIRE', key, TEMP_MS)
  return key, 'z'
end

-- kinds: 'u' the universe (score 0), 'z' a sorted set whose scores are all 0, 'v' a sorted set
-- scored by values, 's' a plain set, 'e' empty
local eval
eval = function(node)
  local t = node.t
  if t == 'a' then
    return U, 'u'
  elseif t == '0' then
    return nil, 'e'
  elseif t == 'k' then
    local k = base .. ref(node.a)
    if redis.call('EXISTS', k) == 0 then
      return nil, 'e'
    end
    return k, 's'
  elseif t == 'id' then
    local out, n = tmp(), 0
    for _, r in ipairs(node.v) do
      local id = ref(r)
      if redis.call('ZSCORE', U, id) then
        redis.call('ZADD', out, 0, id)
        n = n + 1
      end
    end
    return stored(out, n)
  elseif t == 'nr' then
    local out = tmp()
    local n = redis.call('ZRANGESTORE', out, base .. ref(node.a), ref(node.lo), ref(node.hi), 'BYSCORE')
    if n == 0 then
      return nil, 'e'
    end
    redis.call('PEXPIRE', out, TEMP_MS)
    return out, 'v'
  elseif t == 'ir' then
    local out = tmp()
    return stored(out, redis.call('ZRANGESTORE', out, U, ref(node.lo), ref(node.hi), 'BYLEX'))
  elseif t == 'lr' then
    local src = base .. ref(node.a) .. 'l'
    local lo, hi = ref(node.lo), ref(node.hi)
    local out, n = tmp(), 0
    while true do
      local chunk = redis.call('ZRANGEBYLEX', src, lo, hi, 'LIMIT', 0, 500)
      if #chunk > 0 then
        local args = {}
        for _, m in ipairs(chunk) do
          args[#args + 1] = 0
          args[#args + 1] = string.match(m, '^.*%z(.*)$')
        end
        redis.call('ZADD', out, unpack(args))
        n = n + #chunk
      end
      if #chunk < 500 then
        break
      end
      lo = '(' .. chunk[#chunk]
    end
    return stored(out, n)
  elseif t == 'and' or t == 'or' then
    local keys, kinds = {}, {}
    for _, c in ipairs(node.c) do
      local k, kind = eval(c)
      if kind == 'e' then
        if t == 'and' then
          return nil, 'e'
        end
      elseif kind == 'u' then
        if t == 'or' then
          return U, 'u'
        end
      else
        keys[#keys + 1] = k
        kinds[#kinds + 1] = kind
      end
    end
    if #keys == 0 then
      if t == 'and' then
        return U, 'u'
      end
      return nil, 'e'
    end
    if #keys == 1 then
      return keys[1], kinds[1]
    end
    local out = tmp()
    local args = {t == 'and' and 'ZINTERSTORE' or 'ZUNIONSTORE', out, #keys}
    for _, k in ipairs(keys) do
      args[#args + 1] = k
    end
    args[#args + 1] = 'WEIGHTS'
    for _ = 1, #keys do
      args[#args + 1] = 0
    end
    return stored(out, redis.call(unpack(args)))
  elseif t == 'not' then
    local k, kind = eval(node.c)
    if kind == 'e' then
      return U, 'u'
    elseif kind == 'u' then
      return nil, 'e'
    end
    local out = tmp()
    return stored(out, redis.call('ZDIFFSTORE', out, 2, U, k))
  end
  return redis.error_reply('unknown plan node ' .. tostring(t))
end

local function card(key, kind)
  if kind == 'e' then
    return 0
  elseif kind == 's' then
    return redis.call('SCARD', key)
  end
  return redis.call('ZCARD', key)
end

-- the same ids as a sorted set whose scores are all 0 (ordered by id)
local function as_z(key, kind)
  if kind == 'u' or kind == 'z' then
    return key
  end
  local out = tmp()
  redis.call('ZINTERSTORE', out, 1, key, 'WEIGHTS', 0)
  redis.call('PEXPIRE', out, TEMP_MS)
  return out
end

-- ------------------------------------------------------------------------------ ordering

local values = {}
local function sort_value(k, id)
  local cache = values[k]
  if not cache then
    cache = {}
    values[k] = cache
  end
  local v = cache[id]
  if v == nil then
    if k.k == 'n' then
      v = tonumber(redis.call('ZSCORE', base .. ref(k.a), id) or '-inf')
    elseif k.k == 'l' then
      v = redis.call('HGET', base .. ref(k.a) .. 'v', id) or false
    else
      v = id
    end
    cache[id] = v
  end
  return v
end

local function compare(a, b)
  if a == b then
    return 0
  end
  if a == false then
    return -1
  elseif b == false then
    return 1
  end
  if type(a) == 'number' then
    return a < b and -1 or 1
  end
  return bcmp(a, b)
end

local function before(sec)
  return function(a, b)
    for _, k in ipairs(sec) do
      local c = compare(sort_value(k, a), sort_value(k, b))
      if c ~= 0 then
        return c * k.d < 0
      end
    end
    return bcmp(a, b) < 0
  end
end

-- ids at positions [start, start+count) of R, iterated by score (descending when rev), ties ordered
-- by the secondary keys sec and finally by id ascending
-- (sec 'plain': R's members are the sort key itself, as for a sort by id)
local function window(R, rev, start, count, sec)
  if count <= 0 then
    return {}
  end
  local stop = start + count - 1
  if sec == 'plain' then
    if rev then
      return redis.call('ZREVRANGE', R, start, stop)
    end
    return redis.call('ZRANGE', R, start, stop)
  end
  local natural = #sec == 0 or (#sec == 1 and sec[1].k == 'i' and sec[1].d > 0)
  if natural and not rev then
    return redis.call('ZRANGE', R, start, stop)
  end
  local got
  if rev then
    got = redis.call('ZREVRANGE', R, start, stop, 'WITHSCORES')
  else
    got = redis.call('ZRANGE', R, start, stop, 'WITHSCORES')
  end
  local n = #got / 2
  local out = {}
  local i = 1
  while i <= n do
    local s = got[2 * i]
    local j = i
    while j < n and got[2 * (j + 1)] == s do
      j = j + 1
    end
    local inner = i > 1 and j < n
    if inner and i == j then
      out[#out + 1] = got[2 * i - 1]
    elseif inner and natural then
      for x = j, i, -1 do
        out[#out + 1] = got[2 * x - 1]
      end
    else
      local lo = 0
      local group
      if inner then
        group = {}
        for x = i, j do
          group[#group + 1] = got[2 * x - 1]
        end
      else
        local ahead
        if rev then
          ahead = redis.call('ZCOUNT', R, '(' .. s, '+inf')
        else
          ahead = redis.call('ZCOUNT', R, '-inf', '(' .. s)
        end
        lo = start + i - 1 - ahead
        if natural then
          group = redis.call('ZRANGEBYSCORE', R, s, s, 'LIMIT', lo, j - i + 1)
          lo = 0
        else
          group = redis.call('ZRANGEBYSCORE', R, s, s)
        end
      end
      if not natural then
        table.sort(group, before(sec))
      end
      for x = lo + 1, lo + j - i + 1 do
        out[#out + 1] = group[x]
      end
    end
    i = j + 1
  end
  return out
end

-- the ids ranked by a sortable-value index: nulls 0, values 1..k (ascending) or -1..-k (descending)
local function lex_rank(T, kind, fb, d)
  local T0 = as_z(T, kind)
  local R = tmp()
  redis.call('ZDIFFSTORE', R, 2, T0, base .. fb .. 'p')
  local lex, vals = base .. fb .. 'l', base .. fb .. 'v'
  local r, last, batch = 0, nil, {}
  local function push(id)
    batch[#batch + 1] = d > 0 and r or -r
    batch[#batch + 1] = id
    if #batch >= 1000 then
      redis.call('ZADD', R, unpack(batch))
      batch = {}
    end
  end
  if T0 ~= U and redis.call('ZCARD', T0) * 4 < redis.call('ZCARD', lex) then
    local members = redis.call('ZRANGE', T0, 0, -1)
    local known = {}
    for c = 1, #members, 500 do
      local slice = {unpack(members, c, math.min(c + 499, #members))}
      local vs = redis.call('HMGET', vals, unpack(slice))
      for x = 1, #slice do
        if vs[x] then
          known[#known + 1] = {vs[x], slice[x]}
        end
      end
    end
    table.sort(known, function(a, b)
      local c = bcmp(a[1], b[1])
      if c ~= 0 then
        return c < 0
      end
      return bcmp(a[2], b[2]) < 0
    end)
    for _, pair in ipairs(known) do
      if pair[1] ~= last then
        r = r + 1
        last = pair[1]
      end
      push(pair[2])
    end
  else
    local lo = '-'
    while true do
      local chunk = redis.call('ZRANGEBYLEX', lex, lo, '+', 'LIMIT', 0, 500)
      for _, m in ipairs(chunk) do
        local v, id = string.match(m, '^(.*)%z(.*)$')
        if T0 == U or redis.call('ZSCORE', T0, id) then
          if v ~= last then
            r = r + 1
            last = v
          end
          push(id)
        end
      end
      if #chunk < 500 then
        break
      end
      lo = '(' .. chunk[#chunk]
    end
  end
  if #batch > 0 then
    redis.call('ZADD', R, unpack(batch))
  end
  redis.call('PEXPIRE', R, TEMP_MS)
  return R
end

-- the tie-breakers of a sort: the keys after the first, or 'plain' when the first is the id
local function secondary(sort)
  if #sort > 0 and sort[1].k == 'i' then
    return 'plain'
  end
  local sec = {}
  for x = 2, #sort do
    sec[#sec + 1] = sort[x]
  end
  return sec
end

-- R, rev, sec and whether R is a live index (not a snapshot of this query)
local function order(T, kind)
  local sort = spec.s or {}
  local sec = secondary(sort)
  if #sort == 0 or sort[1].k == 'i' then
    local R = as_z(T, kind)
    return R, #sort > 0 and sort[1].d < 0, sec, R == U
  end
  local first = sort[1]
  if first.k == 'n' then
    local idx = base .. ref(first.a)
    if kind == 'u' and redis.call('ZCARD', idx) == redis.call('ZCARD', U) then
      return idx, first.d < 0, sec, true
    end
    local R = tmp()
    redis.call('ZINTERSTORE', R, 2, T, idx, 'WEIGHTS', 0, first.d)
    -- documents written before the field was indexed have no score: they sort as null
    local missing = tmp()
    if redis.call('ZDIFFSTORE', missing, 2, T, idx) > 0 then
      local lo = 0
      while true do
        local chunk = redis.call('ZRANGE', missing, lo, lo + 499)
        for _, id in ipairs(chunk) do
          redis.call('ZADD', R, first.d > 0 and '-inf' or '+inf', id)
        end
        if #chunk < 500 then
          break
        end
        lo = lo + 500
      end
    end
    redis.call('PEXPIRE', R, TEMP_MS)
    return R, false, sec, false
  end
  return lex_rank(T, kind, ref(first.a), first.d), false, sec, false
end

local function cleanup(keep)
  for _, k in ipairs(temps) do
    if k ~= keep then
      redis.call('DEL', k)
    end
  end
end

local function documents(reply, ids)
  for _, id in ipairs(ids) do
    reply[#reply + 1] = id
    reply[#reply + 1] = redis.call('GET', base .. 'd:' .. id)
  end
  return reply
end

-- deletes up to n members of D (a snapshot of ids); returns deleted, remaining
local function delete_batch(D, n)
  local ids = redis.call('ZRANGE', D, 0, n - 1)
  local deleted = 0
  for _, id in ipairs(ids) do
    if redis.call('EXISTS', base .. 'd:' .. id) == 1 then
      purge_id(base, id)
      deleted = deleted + 1
    end
  end
  if #ids > 0 then
    redis.call('ZREM', D, unpack(ids))
  end
  return deleted, redis.call('ZCARD', D)
end

-- ------------------------------------------------------------------------------ modes

if spec.t == 1 then
  purge_due(base, now_ms(), 0)
end
local mode = spec.m

if mode == 'win' then
  local R = ref(spec.r)
  if redis.call('EXISTS', R) == 0 then
    return {'GONE'}
  end
  local count = spec.w
  if spec.e >= 0 and spec.p + count > spec.e then
    count = spec.e - spec.p
  end
  local ids = window(R, spec.rev == 1, spec.p, count, secondary(spec.s or {}))
  local nextpos = spec.p + #ids
  local cursor = ''
  if #ids == count and (spec.e < 0 or nextpos < spec.e) and redis.call('ZCARD', R) > nextpos then
    redis.call('PEXPIRE', R, spec.keep)
    cursor = R
  else
    redis.call('DEL', R)
  end
  return documents({cursor, tostring(nextpos), spec.rev}, ids)
end

if mode == 'delnext' then
  local D = ref(spec.r)
  local deleted, remaining = delete_batch(D, spec.n)
  if remaining > 0 then
    redis.call('PEXPIRE', D, TEMP_MS)
  end
  return {deleted, remaining}
end

local T, kind = eval(spec.f or {t = 'a'})

if mode == 'count' then
  local total = card(T, kind) - spec.o
  if total < 0 then
    total = 0
  end
  if spec.l > 0 and total > spec.l then
    total = spec.l
  end
  cleanup(nil)
  return total
end

if mode == 'del' then
  if kind == 'e' then
    cleanup(nil)
    return {'', 0, 0}
  end
  local D = tmp()
  if #(spec.s or {}) == 0 and spec.o == 0 and spec.l == 0 then
    redis.call('ZINTERSTORE', D, 1, T, 'WEIGHTS', 0)
  else
    local R, rev, sec = order(T, kind)
    local total = redis.call('ZCARD', R) - spec.o
    if spec.l > 0 and total > spec.l then
      total = spec.l
    end
    local ids = window(R, rev, spec.o, total, sec)
    for c = 1, #ids, 500 do
      local args = {}
      for x = c, math.min(c + 499, #ids) do
        args[#args + 1] = 0
        args[#args + 1] = ids[x]
      end
      redis.call('ZADD', D, unpack(args))
    end
  end
  local deleted, remaining = delete_batch(D, spec.n)
  if remaining > 0 then
    redis.call('PEXPIRE', D, TEMP_MS)
    cleanup(D)
    return {D, deleted, remaining}
  end
  cleanup(nil)
  return {'', deleted, 0}
end

-- mode 'fetch': the first window
if kind == 'e' then
  cleanup(nil)
  return {'', tostring(spec.o), 0}
end
local R, rev, sec, live = order(T, kind)
local count = spec.w
if spec.l > 0 and spec.l < count then
  count = spec.l
end
local ids = window(R, rev, spec.o, count, sec)
local nextpos = spec.o + #ids
local cursor = ''
local revflag = rev and 1 or 0
if spec.keep > 0 and #ids == count and (spec.l == 0 or nextpos < spec.o + spec.l) and redis.call('ZCARD', R) > nextpos then
  if live then
    -- continuations page a snapshot, never a live index that concurrent writes shift
    local S = tmp()
    redis.call('ZUNIONSTORE', S, 1, R)
    R = S
  end
  redis.call('PEXPIRE', R, spec.keep)
  cursor = R
end
cleanup(cursor ~= '' and cursor or nil)
return documents({cursor, tostring(nextpos), revflag}, ids)
