-- Mondial Relay test brand
UPDATE delivery_carrier SET mondialrelay_brand = 'BDTEST  ';
