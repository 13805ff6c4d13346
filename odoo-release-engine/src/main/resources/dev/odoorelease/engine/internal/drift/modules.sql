-- installed (or half-installed) modules: their state and latest_version
SELECT name AS key, coalesce(state, '') AS state, coalesce(latest_version, '') AS latest_version
FROM ir_module_module
WHERE coalesce(state, '') NOT IN ('uninstalled', 'uninstallable')
