package dev.odoorelease.engine.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The spelling of deparsed SQL a dump and restore change, and only that, is ignored. */
class DriftComparisonTest {
    @Test
    void aRestoredIndexPredicateEqualsTheOriginalButAnotherPredicateDoesNot() {
        // seen on a real stage clone: PostgreSQL deparses the restored predicate with the casts moved inside the array
        String original = "CREATE INDEX q ON public.queue_job USING btree (identity_key) WHERE (((state)::text = ANY ((ARRAY["
                + "'pending'::character varying, 'enqueued'::character varying])::text[])) AND (identity_key IS NOT NULL))";
        String restored = "CREATE INDEX q ON public.queue_job USING btree (identity_key) WHERE (((state)::text = ANY (ARRAY["
                + "('pending'::character varying)::text, ('enqueued'::character varying)::text])) AND (identity_key IS NOT NULL))";
        assertThat(DriftComparison.deparsed(original)).isEqualTo(DriftComparison.deparsed(restored));
        assertThat(DriftComparison.deparsed(original)).isNotEqualTo(DriftComparison.deparsed(original.replace("'pending'", "'done'")));
        assertThat(DriftComparison.deparsed("CHECK ((id > 0))")).isNotEqualTo(DriftComparison.deparsed("CHECK ((id >= 0))"));
        assertThat(DriftComparison.deparsed("nextval('res_partner_id_seq'::regclass)")).isEqualTo("nextval'res_partner_id_seq'");
    }
}
