-- Writes one document and its index entries atomically.
-- KEYS[1] the document key, then every other key the write touches (see declared.lua): the manifest,
--       id set, expiry set, write key, the keys of the new entries, and what a {'KEYS'} reply asked for.
-- ARGV: base, kind (I insert | R replace | U upsert | X re-index: rewrite the index entries of the
--       stored document if it still equals json, leaving document and TTL alone | F forced re-index
--       (repair): as X, but every entry is written again and unique owners are overwritten | C
--       compare-and-set: replace only if the stored document still equals the 'expected' argument,
--       which then holds the old JSON — a partial update computed from that document), id, json,
--       expected version ('' none; old JSON for C), new version ('' unversioned), ttl ms ('' none),
--       expire-at ms ('' none), ttl collection ('1'/'0'), write key ('' none), its time to live in ms,
--       number of unique checks, then (index name, unique hash suffix, token) per check, then the entries.
-- Returns {'OK'} | {'DUP'} (id taken) | {'NF'} | {'VC'} | {'UNQ', index name} | {'CHANGED'} (X, F)
--       | {'KEYS', key...} (undeclared keys needed; nothing written)
local base, kind, id, json = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local expected, version, ttl, expire_at, ttl_on = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local wkey, wttl = ARGV[10], ARGV[11]
local checks = tonumber(ARGV[12])
local p = 13 + checks * 3

-- phase 1: work out every key, reading declared keys only
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
for i = p, #ARGV do
  need_entry(base, ARGV[i])
end
local old = manifest(base, id)
if old then
  for i = 2, #old do
    need_entry(base, old[i])
  end
end
if kind ~= 'F' then
  for c = 0, checks - 1 do
    local ukey, token = ARGV[13 + c * 3 + 1], ARGV[13 + c * 3 + 2]
    need(base .. ukey)
    if declared[base .. ukey] then
      local owner = redis.call('HGET', base .. ukey, token)
      if owner and owner ~= id then
        need_purge(base, owner)
      end
    end
  end
end
if #missing > 0 then
  return keys_reply()
end

-- phase 2
local now = nil
if ttl_on == '1' then
  now = now_ms()
end
local exists = redis.call('EXISTS', KEYS[1]) == 1
if old and not exists then
  purge_id(base, id) -- expired or deleted behind our back: drop its entries first
  old = nil
end
if kind == 'I' and exists then
  return {'DUP'}
end
local reindex = kind == 'X' or kind == 'F'
if reindex then
  if not exists then
    return {'NF'}
  end
  if redis.call('GET', KEYS[1]) ~= json then
    return {'CHANGED'} -- written meanwhile, by a writer that maintained the indexes
  end
end
if kind == 'C' then
  if not exists then
    return {'NF'}
  end
  if redis.call('GET', KEYS[1]) ~= expected then
    return {'VC'} -- changed since it was read: the caller reads again and recomputes
  end
  kind = 'R'
  expected = ''
end
if kind == 'R' then
  if not exists then
    return {'NF'}
  end
  if expected ~= '' and (old == nil or old[1] ~= expected) then
    return {'VC'}
  end
end
if kind ~= 'F' then
  for c = 0, checks - 1 do
    local name, ukey, token = ARGV[13 + c * 3], ARGV[13 + c * 3 + 1], ARGV[13 + c * 3 + 2]
    local owner = redis.call('HGET', base .. ukey, token)
    if owner and owner ~= id then
      if redis.call('EXISTS', base .. 'd:' .. owner) == 1 then
        return {'UNQ', name}
      end
      purge_id(base, owner) -- a stale owner (expired): its entries go
    end
  end
end
local fresh, stale = {}, {}
for i = p, #ARGV do
  fresh[ARGV[i]] = true
end
if old then
  for i = 2, #old do
    stale[old[i]] = true
    if not fresh[old[i]] then
      remove_entry(base, id, old[i])
    end
  end
end
local man = {version}
for i = p, #ARGV do
  if kind == 'F' or not stale[ARGV[i]] then
    add_entry(base, id, ARGV[i])
  end
  man[#man + 1] = ARGV[i]
end
if reindex then
  redis.call('HSET', base .. 'm', id, cmsgpack.pack(man))
  redis.call('ZADD', base .. 'ids', 0, id)
  return {'OK'}
end
redis.call('SET', KEYS[1], json)
local at = nil
if expire_at ~= '' then
  at = tonumber(expire_at)
end
if ttl ~= '' then
  local rel = (now or now_ms()) + tonumber(ttl)
  if at == nil or rel < at then
    at = rel
  end
end
if at then
  redis.call('PEXPIREAT', KEYS[1], at)
  redis.call('ZADD', base .. 'exp', at, id)
elseif ttl_on == '1' then
  redis.call('ZREM', base .. 'exp', id)
end
redis.call('HSET', base .. 'm', id, cmsgpack.pack(man))
if not exists then
  redis.call('ZADD', base .. 'ids', 0, id)
end
return remember(wkey, wttl, {'OK'})
