-- Removes index entries the verifier found wrong, if the document is still what it read.
-- KEYS[1] the document key, then every key an operation names; ARGV: base, id, the JSON the verifier
-- read ('' when there was no document), then operations: 'srem' key member | 'zrem' key member |
-- 'hdel' key field value (only while the field still holds that value).
-- Returns how many entries were removed, or -1 when the document changed meanwhile (nothing done).
local current = redis.call('GET', KEYS[1])
local read = ARGV[3]
if (read == '' and current) or (read ~= '' and current ~= read) then
  return {-1}
end
local n = 0
local i = 4
while i <= #ARGV do
  local op, key, member = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if not declared[key] then
    return redis.error_reply('repair of ' .. key .. ': key not declared')
  end
  if op == 'srem' then
    n = n + redis.call('SREM', key, member)
    i = i + 3
  elseif op == 'zrem' then
    n = n + redis.call('ZREM', key, member)
    i = i + 3
  else
    if redis.call('HGET', key, member) == ARGV[i + 3] then
      n = n + redis.call('HDEL', key, member)
    end
    i = i + 4
  end
end
return {n}
