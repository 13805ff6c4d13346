-- Odoo's website neutralization removes the domain only: the analytics and map keys stay in every copy,
-- so staging's pages would send their visits to production's Google Analytics property and Plausible
-- site (whose shared key also opens production's dashboard) and bill production's Google Maps key.

-- module: website
-- websites: production's analytics (Google Analytics, Plausible) and Google Maps keys dropped
UPDATE website
   SET google_analytics_key = NULL, plausible_shared_key = NULL, plausible_site = NULL, google_maps_api_key = NULL;
