-- websites answer no production domain
UPDATE website SET domain = NULL;

-- the "NEUTRALIZED" ribbon on website pages
UPDATE ir_ui_view SET active = true WHERE key = 'website.neutralize_ribbon';

-- no CDN
UPDATE website SET cdn_activated = false;

-- robots.txt forbids all crawling
UPDATE website SET robots_txt = E'User-agent: *\nDisallow: /';
