-- Removes expired documents and their index entries (the TTL sweeper).
-- KEYS[1] the collection's expiry sorted set; ARGV: base, at most how many
-- Returns how many were removed.
return purge_due(ARGV[1], now_ms(), tonumber(ARGV[2]))
