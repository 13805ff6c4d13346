-- every system parameter (secret ones are hidden by DriftCommand before anything is reported)
SELECT key, value FROM ir_config_parameter
