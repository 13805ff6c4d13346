-- carriers leave their production environment
UPDATE delivery_carrier SET prod_environment = false;

-- carriers of external providers are archived
-- requires: delivery_carrier(delivery_type)
UPDATE delivery_carrier SET active = false WHERE delivery_type NOT IN ('fixed', 'base_on_rule');
