-- Shared by the general query script (query_order.lua) and the window fast path (query_window.lua):
-- putting the tie groups of a window of a sorted set in the query's order.

-- The ids of the window of the sorted set R that starts at position start, given got as read from R
-- with WITHSCORES ({id, score, id, score, ...}; ZREVRANGE when rev, else ZRANGE), in the query's order:
-- by score, ties by id ascending, or, given the comparator sorter, ties in its order. A tie group inside
-- the window is put in order in place (Redis gives it in member order, reversed for ZREVRANGE); a group
-- cut by an edge of the window is read again from R whole (from its lowest id when there is no sorter)
-- and the part that falls in the window taken. Without a sorter the caller reads an ascending window
-- with a plain ZRANGE instead (already in this order).
local function tie_window(R, rev, start, got, sorter)
  local n = #got / 2
  local out = {}
  local i = 1
  while i <= n do
    local s = got[2 * i]
    local j = i
    while j < n and got[2 * (j + 1)] == s do
      j = j + 1
    end
    local inner = i > 1 and j < n
    if inner and i == j then
      out[#out + 1] = got[2 * i - 1]
    elseif inner and not sorter then
      for x = j, i, -1 do
        out[#out + 1] = got[2 * x - 1]
      end
    else
      local lo = 0
      local group
      if inner then
        group = {}
        for x = i, j do
          group[#group + 1] = got[2 * x - 1]
        end
      else
        -- the members of R before this group in the window's direction (none before position 0)
        local at = start + i - 1
        local ahead = 0
        if at > 0 then
          if rev then
            ahead = redis.call('ZCOUNT', R, '(' .. s, '+inf')
          else
            ahead = redis.call('ZCOUNT', R, '-inf', '(' .. s)
          end
        end
        lo = at - ahead
        if not sorter then
          group = redis.call('ZRANGEBYSCORE', R, s, s, 'LIMIT', lo, j - i + 1)
          lo = 0
        else
          group = redis.call('ZRANGEBYSCORE', R, s, s)
        end
      end
      if sorter then
        table.sort(group, sorter)
      end
      for x = lo + 1, lo + j - i + 1 do
        out[#out + 1] = group[x]
      end
    end
    i = j + 1
  end
  return out
end
