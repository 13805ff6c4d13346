-- constraints with their names: table.name, kind and definition
SELECT cl.relname || '.' || co.conname AS key,
       CASE co.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check'
                       WHEN 'x' THEN 'exclusion' ELSE co.contype::text END AS kind,
       pg_get_constraintdef(co.oid) AS definition
FROM pg_constraint co
JOIN pg_class cl ON cl.oid = co.conrelid
WHERE co.connamespace = 'public'::regnamespace
