-- Deletes one document with its index entries, optionally only at an expected version.
-- KEYS[1] document key, then the manifest, id set, expiry set, write key and what a {'KEYS'} reply
-- asked for (the document's index keys); ARGV: base, id, expected version ('' none), ttl collection
-- ('1'/'0', unused: expired entities are purged by the sweeper and by queries), write key ('' none),
-- its time to live in ms
-- Returns {'OK'} | {'NF'} | {'VC'} | {'KEYS', key...} (see declared.lua)
local base, id, expected, wkey, wttl = ARGV[1], ARGV[2], ARGV[3], ARGV[5], ARGV[6]
need(KEYS[1])
need(base .. 'm')
need(base .. 'ids')
need(base .. 'exp')
if wkey ~= '' then
  need(wkey)
end
if #missing > 0 then
  return keys_reply()
end
local done = replayed(wkey)
if done then
  return done
end
need_purge(base, id)
if #missing > 0 then
  return keys_reply()
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('HEXISTS', base .. 'm', id) == 1 then
    purge_id(base, id)
  end
  return {'NF'}
end
if expected ~= '' then
  local man = manifest(base, id)
  if man == nil or man[1] ~= expected then
    return {'VC'}
  end
end
purge_id(base, id)
return remember(wkey, wttl, {'OK'})
