-- Key declaration, for Redis Cluster (prepended to the write-side scripts after lib.lua).
-- Every key a write script reads or writes must be in KEYS: then a node whose slot is being migrated
-- answers ASK or TRYAGAIN before the script runs, instead of running it on half a slot (reading a
-- unique hash that already moved, or writing keys the migration will overwrite). Keys that depend on
-- stored data (the old index entries of a document, the owner of a unique value) cannot always be
-- known by the client: a script first works out every key it needs, reading declared keys only, and
-- when one is undeclared it returns {'KEYS', key...} having written nothing; the client calls again
-- declaring them (RedisWriteRunner).
local declared = {}
for i = 1, #KEYS do
  declared[KEYS[i]] = true
end
local missing, missing_seen = {}, {}

local function need(key)
  if not declared[key] and not missing_seen[key] then
    missing_seen[key] = true
    missing[#missing + 1] = key
  end
end

-- the keys one index entry occupies
local function need_entry(base, e)
  local kind, key = entry_parts(e)
  if kind == 'l' then
    need(base .. key .. 'l')
    need(base .. key .. 'v')
  else
    need(base .. key)
  end
end

-- every key purge_id(base, id) touches
local function need_purge(base, id)
  need(base .. 'd:' .. id)
  local man = manifest(base, id)
  if man then
    for i = 2, #man do
      need_entry(base, man[i])
    end
  end
end

local function keys_reply()
  local out = {'KEYS'}
  for i = 1, #missing do
    out[#out + 1] = missing[i]
  end
  return out
end

-- Idempotence: a write that ran remembers its reply under its write key for a while, so that the
-- same call sent again (Lettuce re-sends commands whose reply was lost to a reconnect) answers the
-- first reply instead of running twice.
local function replayed(wkey)
  if wkey == '' then
    return nil
  end
  local done = redis.call('GET', wkey)
  if done then
    return cmsgpack.unpack(done)
  end
  return nil
end

local function remember(wkey, wttl, reply)
  if wkey ~= '' then
    redis.call('SET', wkey, cmsgpack.pack(reply), 'PX', wttl)
  end
  return reply
end
