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
