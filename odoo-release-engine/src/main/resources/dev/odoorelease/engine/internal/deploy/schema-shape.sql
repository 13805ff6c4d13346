-- The shape of an Odoo database's schema as a rehearsal compares it before and after a module update: every base
-- table of the public schema with its columns and their types (a table without columns has one row with NULLs).
SELECT t.table_name::text,
       c.column_name::text,
       CASE
           WHEN c.column_name IS NULL THEN NULL
           WHEN c.character_maximum_length IS NOT NULL THEN c.data_type || '(' || c.character_maximum_length || ')'
           WHEN c.data_type = 'numeric' AND c.numeric_precision IS NOT NULL
               THEN c.data_type || '(' || c.numeric_precision || ',' || coalesce(c.numeric_scale, 0) || ')'
           WHEN c.data_type = 'USER-DEFINED' OR c.data_type = 'ARRAY' THEN c.data_type || ' ' || c.udt_name
           ELSE c.data_type
       END AS column_type
FROM information_schema.tables t
LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
WHERE t.table_schema = 'public'
  AND t.table_type = 'BASE TABLE'
ORDER BY 1, 2
