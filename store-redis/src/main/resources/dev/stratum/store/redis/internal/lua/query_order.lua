-- Query script, part 2: ordering the candidate ids and cutting windows (see query_filter.lua).

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
  return tie_window(R, rev, start, got, not natural and before(sec) or nil) -- tie_groups.lua
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
    -- the candidates are a score range of this very index: already in its order
    if kind == 'v' and spec.f and spec.f.t == 'nr' and spec.f.a == first.a then
      return T, first.d < 0, sec, false
    end
    -- the candidates are a compound prefix's ids and its sorted set holds every one of them (c = 1,
    -- checked by size: the sorted set's members are a subset of the prefix's ids): read it live
    if first.c == 1 and kind == 's' and redis.call('SCARD', T) == redis.call('ZCARD', idx) then
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

-- At most this many entries missing their document are purged per call (healed); more are skipped.
local HEAL_MAX = 1000
local healed = 0

-- appends id, document pairs to reply for the ids whose document exists and returns how many; an id
-- without one (expired, evicted, deleted behind Stratum's back: a "phantom") is skipped and, up to
-- HEAL_MAX per call, purged with its index entries; the second result lists the purged ids
local function gather(reply, ids)
  local got, purged = 0, {}
  for c = 1, #ids, 200 do
    local last = math.min(c + 199, #ids)
    local keys = {}
    for x = c, last do
      keys[#keys + 1] = base .. 'd:' .. ids[x]
    end
    local docs = redis.call('MGET', unpack(keys))
    for x = c, last do
      local d = docs[x - c + 1]
      if d then
        reply[#reply + 1] = ids[x]
        reply[#reply + 1] = d
        got = got + 1
      elseif healed < HEAL_MAX then
        purge_id(base, ids[x])
        healed = healed + 1
        purged[#purged + 1] = ids[x]
      end
    end
  end
  return got, purged
end

-- fills reply with up to count documents from positions pos.. of R (see window), skipping and
-- healing phantoms; returns how many were added and the next position. live: R is an index that
-- healing shrinks (a position after a purged member moves down by one).
local function fill(reply, R, rev, pos, count, sec, live)
  local total = 0
  while total < count do
    local want = count - total
    local ids = window(R, rev, pos, want, sec)
    local got, purged = gather(reply, ids)
    total = total + got
    pos = pos + #ids
    if live then
      for _, id in ipairs(purged) do
        if not redis.call('ZSCORE', R, id) then
          pos = pos - 1
        end
      end
    end
    if #ids < want then
      break
    end
  end
  return total, pos
end

-- the first need ids of the plain set S in id order (descending when rev), found by walking the id set
-- and testing membership, so the first window of an unsorted query costs about need * |ids| / |S|
-- membership tests instead of ordering all of S; nil when the walk would cost more than that
local function first_members(S, rev, need)
  local m = redis.call('SCARD', S)
  local n = redis.call('ZCARD', U)
  if m == 0 or need * n > m * m then
    return nil
  end
  local out, pos = {}, 0
  while #out < need and pos < n do
    local size = math.ceil((need - #out) * n / m * 1.25) + 16
    if size > 1000 then
      size = 1000
    end
    local ids
    if rev then
      ids = redis.call('ZREVRANGE', U, pos, pos + size - 1)
    else
      ids = redis.call('ZRANGE', U, pos, pos + size - 1)
    end
    if #ids == 0 then
      break
    end
    local hit = redis.call('SMISMEMBER', S, unpack(ids))
    for x = 1, #ids do
      if hit[x] == 1 then
        out[#out + 1] = ids[x]
        if #out == need then
          break
        end
      end
    end
    pos = pos + #ids
    if pos > 2 * m + 1000 then
      return nil
    end
  end
  return out
end
