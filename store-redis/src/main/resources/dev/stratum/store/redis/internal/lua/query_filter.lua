-- Query script, part 1 of 3 (query_filter, query_order, query_modes are loaded as one script).
-- Runs a query server-side: evaluates the filter plan to a set of ids with set operations, orders
-- it by the sort keys, and returns one window of ids with their documents (or a count, or deletes).
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
    -- in chunks: one call with thousands of keys exceeds Lua's unpack limit (in/nin with many values)
    local out = tmp()
    local cmd = t == 'and' and 'ZINTERSTORE' or 'ZUNIONSTORE'
    local CHUNK = 500
    local n = 0
    local first = true
    for i = 1, #keys, CHUNK do
      local args = {cmd, out, 0}
      if not first then
        args[#args + 1] = out
      end
      for j = i, math.min(i + CHUNK - 1, #keys) do
        args[#args + 1] = keys[j]
      end
      args[3] = #args - 3
      args[#args + 1] = 'WEIGHTS'
      for _ = 1, args[3] do
        args[#args + 1] = 0
      end
      n = redis.call(unpack(args))
      first = false
      if n == 0 and t == 'and' then
        break
      end
    end
    return stored(out, n)
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
