-- The columns of one constraint of one table (parameters: the constraint's name, the table's quoted
-- name): which rules a failed statement that violated it is down to.
SELECT a.attname
  FROM pg_constraint k
  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
 WHERE k.conname = ? AND k.conrelid = to_regclass(?)
