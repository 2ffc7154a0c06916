-- The migration lock and history (RedisMigrationTarget), each operation atomic.
-- KEYS[1] lock (SET NX PX: exists while a lease is unexpired), KEYS[2] fencing counter (INCR),
-- KEYS[3] the current lease {owner, token, expiresAtMs} (msgpack; kept after expiry until release or takeover),
-- KEYS[4] history hash (version -> record JSON)
-- ARGV[1] operation, then its arguments. Lease replies: {token, expiresAtMs}; false when refused.
local op = ARGV[1]
local now = now_ms()

local function current()
  local v = redis.call('GET', KEYS[3])
  if not v then
    return nil
  end
  local l = cmsgpack.unpack(v)
  return l[1], l[2], l[3]
end

local function holds(owner, token)
  local o, t = current()
  return o ~= nil and o == owner and t == token
end

local function grant(owner, token, ms)
  local expires = now + tonumber(ms)
  redis.call('SET', KEYS[1], owner, 'PX', ms)
  redis.call('SET', KEYS[3], cmsgpack.pack({owner, token, tostring(expires)}))
  return {tostring(token), tostring(expires)}
end

if op == 'acquire' then
  -- ARGV[2] owner, ARGV[3] lease ms
  if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then
    return false
  end
  return grant(ARGV[2], tostring(redis.call('INCR', KEYS[2])), ARGV[3])
elseif op == 'renew' then
  -- ARGV[2] owner, ARGV[3] token, ARGV[4] lease ms
  if not holds(ARGV[2], ARGV[3]) then
    return false
  end
  return grant(ARGV[2], ARGV[3], ARGV[4])
elseif op == 'release' then
  if holds(ARGV[2], ARGV[3]) then
    redis.call('DEL', KEYS[1], KEYS[3])
  end
  return 'OK'
elseif op == 'current' then
  local o, t, e = current()
  if o == nil then
    return false
  end
  return {o, t, e}
elseif op == 'write' then
  -- ARGV[2] owner, ARGV[3] token, ARGV[4] version, ARGV[5] record JSON
  if not holds(ARGV[2], ARGV[3]) then
    local o, t, e = current()
    return {'LOST', o or '', t or '', e or ''}
  end
  redis.call('HSET', KEYS[4], ARGV[4], ARGV[5])
  return {'OK'}
elseif op == 'delete' then
  if not holds(ARGV[2], ARGV[3]) then
    local o, t, e = current()
    return {'LOST', o or '', t or '', e or ''}
  end
  redis.call('HDEL', KEYS[4], ARGV[4])
  return {'OK'}
end
return redis.error_reply('unknown migration operation ' .. tostring(op))
