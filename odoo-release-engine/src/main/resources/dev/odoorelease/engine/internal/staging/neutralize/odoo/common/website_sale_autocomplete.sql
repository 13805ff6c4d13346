-- Google Places address autocompletion gets a dummy key
UPDATE website SET google_places_api_key = 'dummy';
