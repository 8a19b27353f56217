-- threadlens store, version 2: which part of a source a database holds.
--
-- `threadlens ingest --shard K/N` stores only the threads of shard K, so N databases each hold a
-- source row with the same sha256 but different threads. `threadlens merge` needs to know which
-- shards a row covers to combine them (union of disjoint shards) rather than take the source once.
--   NULL        the whole source
--   'K/N'       shard K of N (as written by ingest --shard)
--   'K1,K2/N'   several shards of N, ascending (a partial merge); all N shards merge back to NULL
ALTER TABLE sources ADD COLUMN shards TEXT;
