-- Stratum for Redis: helpers shared by every script (RedisScripts prepends this file).
-- Index entries are "<kind><key suffix>[\0<argument>]" (see RedisIndexMaintainer); a document's
-- entries and version are kept in the collection's manifest hash so they can be removed exactly.

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function entry_parts(e)
  local kind = string.sub(e, 1, 1)
  if kind == 's' then
    return kind, string.sub(e, 2), nil
  end
  local z = string.find(e, '\0', 2, true)
  return kind, string.sub(e, 2, z - 1), string.sub(e, z + 1)
end

local function add_entry(base, id, e)
  local kind, key, arg = entry_parts(e)
  if kind == 's' then
    redis.call('SADD', base .. key, id)
  elseif kind == 'n' then
    redis.call('ZADD', base .. key, arg, id)
  elseif kind == 'l' then
    redis.call('ZADD', base .. key .. 'l', 0, arg .. '\0' .. id)
    redis.call('HSET', base .. key .. 'v', id, arg)
  elseif kind == 'u' then
    redis.call('HSET', base .. key, arg, id)
  end
end

local function remove_entry(base, id, e)
  local kind, key, arg = entry_parts(e)
  if kind == 's' then
    redis.call('SREM', base .. key, id)
  elseif kind == 'n' then
    redis.call('ZREM', base .. key, id)
  elseif kind == 'l' then
    redis.call('ZREM', base .. key .. 'l', arg .. '\0' .. id)
    redis.call('HDEL', base .. key .. 'v', id)
  elseif kind == 'u' then
    if redis.call('HGET', base .. key, arg) == id then
      redis.call('HDEL', base .. key, arg)
    end
  end
end

-- the manifest of an id: { version ('' if unversioned), entry, entry, ... } or nil
local function manifest(base, id)
  local raw = redis.call('HGET', base .. 'm', id)
  if not raw then
    return nil
  end
  return cmsgpack.unpack(raw)
end

-- removes a document with every index entry it has
local function purge_id(base, id)
  local man = manifest(base, id)
  if man then
    for i = 2, #man do
      remove_entry(base, id, man[i])
    end
    redis.call('HDEL', base .. 'm', id)
  end
  redis.call('DEL', base .. 'd:' .. id)
  redis.call('ZREM', base .. 'ids', id)
  redis.call('ZREM', base .. 'exp', id)
end

-- removes every document whose expiry has passed (at most max when max > 0); returns how many
local function purge_due(base, now, max)
  local n = 0
  while true do
    local due = redis.call('ZRANGEBYSCORE', base .. 'exp', '-inf', '(' .. now, 'LIMIT', 0, 100)
    if #due == 0 then
      return n
    end
    for _, id in ipairs(due) do
      purge_id(base, id)
      n = n + 1
    end
    if max > 0 and n >= max then
      return n
    end
  end
end

-- byte-wise comparison (Lua's < on strings follows the server's locale)
local function bcmp(a, b)
  if a == b then
    return 0
  end
  local la, lb = #a, #b
  local n = la < lb and la or lb
  local i = 1
  while i <= n do
    local step = n - i + 1
    if step > 16 then step = 16 end
    if string.sub(a, i, i + step - 1) ~= string.sub(b, i, i + step - 1) then
      for j = i, i + step - 1 do
        local x, y = string.byte(a, j), string.byte(b, j)
        if x ~= y then
          return x < y and -1 or 1
        end
      end
    end
    i = i + step
  end
  return la < lb and -1 or 1
end
