-- Removes expired documents and their index entries (the TTL sweeper).
-- KEYS the collection's expiry set, manifest and id set, then the keys of the due documents (their
-- document keys and index keys, as a previous call asked for); ARGV: base, at most how many.
-- Purges the due documents whose keys are all declared and returns {how many, key...}: the keys
-- the others need (see declared.lua), for the next call.
local base, max = ARGV[1], tonumber(ARGV[2])
need(base .. 'exp')
need(base .. 'm')
need(base .. 'ids')
if #missing > 0 then
  local out = {0}
  for i = 1, #missing do
    out[#out + 1] = missing[i]
  end
  return out
end
local due = redis.call('ZRANGEBYSCORE', base .. 'exp', '-inf', '(' .. now_ms(), 'LIMIT', 0, max)
local n = 0
for _, id in ipairs(due) do
  local before = #missing
  need_purge(base, id)
  if #missing == before then
    purge_id(base, id)
    n = n + 1
  end
end
local out = {n}
for i = 1, #missing do
  out[#out + 1] = missing[i]
end
return out
