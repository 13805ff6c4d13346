SELECT name AS key, coalesce(active, false)::text AS active, coalesce(rounding::text, '') AS rounding,
       coalesce(decimal_places::text, '') AS decimal_places
FROM res_currency
