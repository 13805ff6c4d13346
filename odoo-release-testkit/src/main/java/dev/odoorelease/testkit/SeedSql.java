package dev.odoorelease.testkit;

/**
 * The seeders' shared SQL building blocks: the fixed vocabularies every area draws names, streets and
 * cities from (as the {@code d} CTE, {@link #VOCAB}), and expressions that derive realistic values
 * (phones, IBANs, timestamps, e-mail slugs) from a row number, so the same inputs give the same rows.
 */
final class SeedSql {
    private SeedSql() {
    }

    // ---------- fixed vocabularies (deterministic picks by index) ------------------------------
    static final String[] FIRST = {"Emma", "Liam", "Olivia", "Noah", "Louise", "Lucas", "Mila", "Arthur", "Zoë",
        "Jules", "Sofia", "Mateo", "Léa", "Hugo", "Anna", "Finn", "Marie", "Lars", "Elena", "Marco", "Julia", "Tom", "Sara",
        "Luca", "Chloé", "Adam", "Nina", "Victor", "Alice", "Leon", "Clara", "Max", "Eva", "Felix", "Inès", "David", "Laura",
        "Paul", "Hanna", "Thomas", "Amélie", "Daan", "Isabel", "Javier", "Giulia", "Oliver", "Charlotte", "James", "Amelia",
        "Ethan", "Mia", "Benjamin", "Grace", "Samuel", "Ava", "Daniel", "Lina", "Yusuf", "Fatima", "Mohamed"};
    static final String[] LAST = {"Peeters", "Janssens", "Maes", "Jacobs", "Dubois", "Martin", "Bernard", "Müller",
        "Schmidt", "Schneider", "de Jong", "Jansen", "de Vries", "Smith", "Johnson", "Williams", "Brown", "Jones", "García",
        "Fernández", "López", "Rossi", "Russo", "Ferrari", "Lambert", "Dupont", "Leroy", "Moreau", "Fischer", "Weber",
        "Meyer", "Wagner", "Bakker", "Visser", "Smit", "Taylor", "Davies", "Evans", "Martínez", "Sánchez", "Romano",
        "Colombo", "Claes", "Goossens", "Wouters", "Mertens", "Willems", "Petit", "Durand", "Becker", "Hoffmann", "Mulder",
        "van Dijk", "Wilson", "Thomas", "Roberts", "Pérez", "Gómez", "Esposito", "Bianchi"};
    static final String[] CO_A = {"Acme", "Bluebird", "Northwind", "Contoso", "Fabrikam", "Globex", "Initech",
        "Umbrella", "Stark", "Wayne", "Tyrell", "Soylent", "Cyberdyne", "Hooli", "Vandelay", "Pied Piper", "Wonka",
        "Gringotts", "Oscorp", "Aperture"};
    static final String[] CO_B = {"Industries", "Logistics", "Solutions", "Trading", "Consulting", "Foods",
        "Systems", "Partners", "Labs", "Supplies", "Engineering", "Retail"};
    // countries of the fixture, ids 1..8: BE FR DE NL US GB ES IT
    static final String[] SUFFIX = {"NV", "SAS", "GmbH", "B.V.", "Inc.", "Ltd", "S.L.", "S.r.l."};
    static final String[] PHONE_PREFIX = {"+32", "+33", "+49", "+31", "+1", "+44", "+34", "+39"};
    static final String[] TZ = {"Europe/Brussels", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam",
        "America/New_York", "Europe/London", "Europe/Madrid", "Europe/Rome"};
    static final String[] LANG = {"fr_FR", "fr_FR", "en_US", "nl_NL", "en_US", "en_US", "en_US", "en_US"};
    static final String[] CITY = {"Brussels", "Antwerp", "Ghent", "Liège", "Paris", "Lyon", "Marseille", "Lille",
        "Berlin", "Munich", "Hamburg", "Cologne", "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "San Francisco",
        "New York", "Austin", "Los Angeles", "London", "Manchester", "Leeds", "Bristol", "Madrid", "Barcelona", "Valencia",
        "Seville", "Milan", "Rome", "Turin", "Naples"};
    static final String[] ZIP = {"1000", "2000", "9000", "4000", "75001", "69001", "13001", "59000", "10115",
        "80331", "20095", "50667", "1011 AB", "3011 AD", "3511 AA", "5611 AZ", "94107", "10001", "78701", "90012",
        "EC1A 1BB", "M1 1AE", "LS1 1UR", "BS1 4DJ", "28001", "08001", "46001", "41001", "20121", "00184", "10121", "80121"};
    static final String[] STATE = {"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "1", "2", "3",
        "1", "", "", "", "", "4", "", "", "", "5", "", "", ""};
    static final String[] STREET = {"Rue de la Loi", "Avenue Louise", "Chaussée de Wavre", "Rue Neuve",
        "Boulevard Anspach", "Hauptstraße", "Bahnhofstraße", "Kerkstraat", "Dorpsstraat", "Main Street", "Oak Avenue",
        "Maple Drive", "High Street", "Station Road", "Calle Mayor", "Gran Vía", "Via Roma", "Corso Italia",
        "Rue de Rivoli", "Avenue des Champs-Élysées"};
    static final String[] FUNCTION = {"Sales Manager", "CEO", "Accountant", "Purchasing Officer", "IT Manager",
        "Office Manager", "CFO", "Logistics Coordinator", "HR Manager", "Consultant"};
    static final String[] JOB = {"Software Developer", "Accountant", "Sales Representative", "Warehouse Operator",
        "Project Manager", "HR Officer", "Customer Support Agent", "Marketing Specialist"};

    static String arr(String... values) {
        StringBuilder b = new StringBuilder("ARRAY[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('\'').append(values[i].replace("'", "''")).append('\'');
        }
        return b.append("]::text[]").toString();
    }

    /** The vocabulary CTE: {@code WITH d AS (...)} */
    static final String VOCAB = "d AS (SELECT " + arr(FIRST) + " AS fn, " + arr(LAST) + " AS ln, " + arr(CO_A)
            + " AS ca, " + arr(CO_B) + " AS cb, " + arr(SUFFIX) + " AS suf, " + arr(PHONE_PREFIX) + " AS pfx, " + arr(TZ)
            + " AS tz, " + arr(LANG) + " AS lang, " + arr(CITY) + " AS city, " + arr(ZIP) + " AS zip, " + arr(STATE)
            + " AS stt, " + arr(STREET) + " AS st, " + arr(FUNCTION) + " AS fu, " + arr(JOB) + " AS job, "
            + arr(slugs(FIRST, ".")) + " AS fns, " + arr(slugs(LAST, ".")) + " AS lns, " + arr(slugs(CO_A, "-")) + " AS cas, "
            + arr(slugs(CO_B, "-")) + " AS cbs, " + arr(slugs(SUFFIX, "-")) + " AS sufs)";

    /** ascii slugs of a vocabulary, computed once here instead of per row in SQL. */
    static String[] slugs(String[] words, String sep) {
        String[] out = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            String ascii = java.text.Normalizer.normalize(words[i].replace("ß", "ss"), java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "");
            out[i] = ascii.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", sep.equals(".") ? "." : "-")
                    .replaceAll("^[.-]+|[.-]+$", "");
        }
        return out;
    }

    /** ascii slug of a SQL text expression, for e-mail local parts and host names. */
    static String slug(String expr, String sep) {
        if (sep.equals(".") && (expr.startsWith("d.fn[") || expr.startsWith("d.ln[")) && expr.endsWith("]")
                && expr.indexOf(']') == expr.length() - 1) {
            return expr.replace("d.fn[", "d.fns[").replace("d.ln[", "d.lns[");
        }
        return "trim(both '" + sep + "' from regexp_replace(lower(translate(" + expr
                + ", 'àáâäãçèéêëìíîïñòóôöùúûüÿßÀÁÂÄÇÈÉÊËÌÍÎÏÑÒÓÔÖÙÚÛÜ', 'aaaaaceeeeiiiinoooouuuuysAAAACEEEEIIIINOOOOUUUU')), '[^a-z0-9]+', '"
                + sep + "', 'g'))";
    }

    /** "+32 470 12 34 56" from a prefix expression and a 9-digit text expression. */
    static String phone(String pfx, String num) {
        return pfx + " || ' ' || substr(" + num + ", 1, 3) || ' ' || substr(" + num + ", 4, 2) || ' ' || substr(" + num
                + ", 6, 2) || ' ' || substr(" + num + ", 8, 2)";
    }

    /** A 9-digit text derived from an integer expression. */
    static String digits9(String expr, long mult, long add) {
        return "lpad(((((" + expr + ") * " + mult + " + " + add + ") % 900000000) + 100000000)::text, 9, '0')";
    }

    /** A valid IBAN (BE, DE, FR or NL, by {@code idx % 4}) derived from an integer expression. */
    static String iban(String expr) {
        String n = "(" + expr + ")";
        String be = "lpad(((" + n + " * 2654435761 + 539007547034) % 1000000000000)::text, 12, '0')";
        String de = "lpad(((" + n + " * 2654435761 + 370400440532013000) % 1000000000000000000)::text, 18, '0')";
        String fr = "lpad(((" + n + " * 2654435761 + 12345678901) % 100000000000)::text, 11, '0')";
        String nl = "lpad(((" + n + " * 2654435761 + 417164300) % 10000000000)::text, 10, '0')";
        return "CASE " + n + " % 4"
                + " WHEN 0 THEN 'BE' || lpad((98 - mod((" + be + " || '111400')::numeric, 97))::text, 2, '0') || " + be
                + " WHEN 1 THEN 'DE' || lpad((98 - mod((" + de + " || '131400')::numeric, 97))::text, 2, '0') || " + de
                + " WHEN 2 THEN 'FR' || lpad((98 - mod(('3000600001' || " + fr + " || '27' || '152700')::numeric, 97))::text, 2, '0') || '3000600001' || "
                + fr + " || '27'"
                + " ELSE 'NL' || lpad((98 - mod(('10112310' || " + nl + " || '232100')::numeric, 97))::text, 2, '0') || 'ABNA' || " + nl
                + " END";
    }

    static String ibanFormatted(String ibanExpr) {
        return "rtrim(regexp_replace(" + ibanExpr + ", '(.{4})', '\\1 ', 'g'))";
    }

    /** A deterministic timestamp between {@code from} and {@code from + spanSeconds}. */
    static String ts(String from, String expr, long spanSeconds) {
        return "(timestamp '" + from + "' + ((((" + expr + ") * 7919) % " + spanSeconds + ") * interval '1 second'))";
    }
}
