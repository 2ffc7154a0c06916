-- Query fast path (#16 s3): one window of an equality on a compound index's leading field, sorted by
-- the index's next (numeric) field, read straight from the prefix's live sorted set. No temporary key,
-- no JSON spec, a few commands: the general query script (query_filter/order/modes) costs more to
-- start than this whole read. The client uses it only when the window fits one reply (0 < limit <=
-- fetchSize: never a cursor) on a collection without TTL; anything else takes the general script.
-- KEYS[1] the collection's id set (routes the script to the collection's slot)
-- ARGV[1] base, ARGV[2] the candidates' index set (key suffix), ARGV[3] the prefix's sorted set of the
-- next field (key suffix), ARGV[4] '1' descending / '0' ascending, ARGV[5] offset, ARGV[6] count.
-- Order: by score (descending when asked), ties by id ascending — the general script's order.
-- Reply: {'', next position, rev, document, document, ...} (the general script's 'fetch' without the
-- ids, which the client does not need), or {'MISS'}
-- when the sorted set does not hold every candidate (documents written before the index was declared:
-- they sort as null, which only the general script does).
local base = ARGV[1]
local S, Z = base .. ARGV[2], base .. ARGV[3]
local rev = ARGV[4] == '1'
local start, count = tonumber(ARGV[5]), tonumber(ARGV[6])

local n = redis.call('SCARD', S)
if n == 0 then
  return {'', ARGV[5], 0}
end
if redis.call('ZCARD', Z) ~= n then
  return {'MISS'}
end

-- ids at positions [pos, pos+want) of Z in the query's order
local function window(pos, want)
  local stop = pos + want - 1
  if not rev then
    return redis.call('ZRANGE', Z, pos, stop) -- ties are in member (= id) order already
  end
  -- most windows of a coarse sort key (a status, a priority) lie inside one tie group: two one-member
  -- reads find that out, and the group is then read once, from its lowest id
  local first = redis.call('ZREVRANGE', Z, pos, pos, 'WITHSCORES')
  local last = redis.call('ZREVRANGE', Z, stop, stop, 'WITHSCORES')
  if #first == 2 and #last == 2 and first[2] == last[2] then
    local ahead = 0
    if pos > 0 then
      ahead = redis.call('ZCOUNT', Z, '(' .. first[2], '+inf')
    end
    return redis.call('ZRANGEBYSCORE', Z, first[2], first[2], 'LIMIT', pos - ahead, want)
  end
  return tie_window(Z, true, pos, redis.call('ZREVRANGE', Z, pos, stop, 'WITHSCORES'), nil) -- tie_groups.lua
end

-- fill the reply, skipping and healing phantoms (an entry whose document is gone) as the general
-- script does: at most HEAL_MAX purged per call, the window read on until it is full
local HEAL_MAX = 1000
local healed = 0
local reply = {'', '', rev and 1 or 0}
local got, pos = 0, start
while got < count do
  local want = count - got
  local ids = window(pos, want)
  if #ids == 0 then
    break
  end
  local keys = {}
  for x = 1, #ids do
    keys[x] = base .. 'd:' .. ids[x]
  end
  local docs = redis.call('MGET', unpack(keys))
  local purged = {}
  for x = 1, #ids do
    local d = docs[x]
    if d then
      reply[#reply + 1] = d
      got = got + 1
    elseif healed < HEAL_MAX then
      purge_id(base, ids[x])
      healed = healed + 1
      purged[#purged + 1] = ids[x]
    end
  end
  pos = pos + #ids
  -- Z is live: a purged member shifts the later positions down by one
  for _, id in ipairs(purged) do
    if not redis.call('ZSCORE', Z, id) then
      pos = pos - 1
    end
  end
  if #ids < want then
    break
  end
end
reply[2] = tostring(pos)
return reply
