-- Query script, part 3: the modes (fetch, win, count, del, delnext); see query_filter.lua.

-- deletes up to n members of D (a snapshot of ids); returns deleted, remaining
local function delete_batch(D, n)
  if n <= 0 then
    return 0, redis.call('ZCARD', D) -- only the snapshot: the client deletes (declared keys, see declared.lua)
  end
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

-- A TTL collection: purge what is due, but at most PURGE_MAX entries per query so a burst of expiries
-- never blocks the server in one script (the sweeper and later queries purge the rest). Entries left
-- due are still never returned: their documents have expired (Redis drops them at the same instant),
-- so gather() skips them; counts and offsets subtract them explicitly.
local PURGE_MAX = 1000
local now, due_left = 0, 0
if spec.t == 1 then
  now = now_ms()
  purge_due(base, now, PURGE_MAX)
  due_left = redis.call('ZCOUNT', base .. 'exp', '-inf', '(' .. now)
end
local mode = spec.m

-- whether each of ids is due (expired, not purged yet)
local function due_flags(ids)
  local scores = redis.call('ZMSCORE', base .. 'exp', unpack(ids))
  local out = {}
  for x = 1, #ids do
    out[x] = scores[x] and tonumber(scores[x]) < now or false
  end
  return out
end

-- how many members of T (of kind) are due: walks the smaller of the due entries and T
local function due_in(T, kind)
  if kind == 'u' then
    return due_left
  end
  local n = 0
  if due_left <= card(T, kind) then
    local lo = 0
    while true do
      local ids = redis.call('ZRANGEBYSCORE', base .. 'exp', '-inf', '(' .. now, 'LIMIT', lo, 500)
      if #ids == 0 then
        break
      end
      local hits
      if kind == 's' then
        hits = redis.call('SMISMEMBER', T, unpack(ids))
        for x = 1, #ids do
          n = n + hits[x]
        end
      else
        hits = redis.call('ZMSCORE', T, unpack(ids))
        for x = 1, #ids do
          if hits[x] then
            n = n + 1
          end
        end
      end
      lo = lo + #ids
    end
    return n
  end
  local function count_due(ids)
    if #ids > 0 then
      for _, f in ipairs(due_flags(ids)) do
        if f then
          n = n + 1
        end
      end
    end
  end
  if kind == 's' then
    local cursor = '0'
    repeat
      local r = redis.call('SSCAN', T, cursor, 'COUNT', 500)
      cursor = r[1]
      count_due(r[2])
    until cursor == '0'
  else
    local lo = 0
    while true do
      local ids = redis.call('ZRANGE', T, lo, lo + 499)
      count_due(ids)
      if #ids < 500 then
        break
      end
      lo = lo + 500
    end
  end
  return n
end

-- the position in R after the first o entries that are not due (o when nothing is due)
local function skip(R, rev, o, sec)
  if due_left == 0 or o == 0 then
    return o
  end
  local pos, live = 0, 0
  while live < o do
    local ids = window(R, rev, pos, math.min(500, o - live), sec)
    if #ids == 0 then
      break
    end
    for _, f in ipairs(due_flags(ids)) do
      if not f then
        live = live + 1
      end
    end
    pos = pos + #ids
  end
  return pos
end

if mode == 'win' then
  local R = ref(spec.r)
  if redis.call('EXISTS', R) == 0 then
    return {'GONE'}
  end
  -- e: how many documents the query may still return (-1: no limit)
  local count = spec.w
  if spec.e >= 0 and spec.e < count then
    count = spec.e
  end
  local reply = {'', '', spec.rev}
  local got, nextpos = fill(reply, R, spec.rev == 1, spec.p, count, secondary(spec.s or {}), false)
  if got == count and (spec.e < 0 or count < spec.e) and redis.call('ZCARD', R) > nextpos then
    redis.call('PEXPIRE', R, spec.keep)
    reply[1] = R
  else
    redis.call('DEL', R)
  end
  reply[2] = tostring(nextpos)
  return reply
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
  local total = card(T, kind)
  if due_left > 0 and total > 0 then
    total = total - due_in(T, kind)
  end
  total = total - spec.o
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
local count = spec.w
if spec.l > 0 and spec.l < count then
  count = spec.l
end
local sort = spec.s or {}
-- an unsorted (id-ordered) query over one index set whose limit fits in this window: walk the id set
-- and stop after the window instead of ordering every match (the result never needs a cursor)
if kind == 's' and spec.l > 0 and spec.l <= spec.w and (#sort == 0 or sort[1].k == 'i') and due_left == 0 then
  local rev = #sort > 0 and sort[1].d < 0
  local ids = first_members(T, rev, spec.o + count)
  if ids then
    local page = {}
    for x = spec.o + 1, #ids do
      page[#page + 1] = ids[x]
    end
    local reply = {'', tostring(spec.o + #page), rev and 1 or 0}
    local got = gather(reply, page)
    if got == #page then
      cleanup(nil)
      return reply
    end
    -- phantoms were met (and healed): the general path below fills the window
  end
end
local R, rev, sec, live = order(T, kind)
local start = skip(R, rev, spec.o, sec)
local reply = {'', '', rev and 1 or 0}
local got, nextpos = fill(reply, R, rev, start, count, sec, live)
local cursor = ''
if spec.keep > 0 and got == count and (spec.l == 0 or count < spec.l) and redis.call('ZCARD', R) > nextpos then
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
reply[1] = cursor
reply[2] = tostring(nextpos)
return reply
