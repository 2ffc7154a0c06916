-- Deletes one document with its index entries, optionally only at an expected version.
-- KEYS[1] document key; ARGV: base, id, expected version ('' none), ttl collection ('1'/'0')
-- Returns 'OK' | 'NF' | 'VC'
local base, id, expected, ttl_on = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if ttl_on == '1' then
  purge_due(base, now_ms(), 100)
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('HEXISTS', base .. 'm', id) == 1 then
    purge_id(base, id)
  end
  return 'NF'
end
if expected ~= '' then
  local man = manifest(base, id)
  if man == nil or man[1] ~= expected then
    return 'VC'
  end
end
purge_id(base, id)
return 'OK'
