package dev.odoorelease.engine.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDigestsTest {
    static final String D1 = "sha256:" + "a".repeat(64);
    static final String D2 = "sha256:" + "b".repeat(64);

    @Test
    void theRepositoryOfAReferenceKeepsARegistryPortAndDropsTagOrDigest() {
        assertThat(ImageDigests.repository("registry:5000/acme/odoo:17.0")).isEqualTo("registry:5000/acme/odoo");
        assertThat(ImageDigests.repository("registry:5000/acme/odoo")).isEqualTo("registry:5000/acme/odoo");
        assertThat(ImageDigests.repository("127.0.0.1:5000/odoo@" + D1)).isEqualTo("127.0.0.1:5000/odoo");
        assertThat(ImageDigests.repository("odoo:17.0")).isEqualTo("odoo");
    }

    @Test
    void theDigestOfTheGivenRepositoryIsPreferredElseTheFirst() {
        List<String> digests = List.of("mirror:5000/odoo@" + D1, "registry:5000/acme/odoo@" + D2);
        assertThat(ImageDigests.choose(digests, "registry:5000/acme/odoo:17.0")).contains("registry:5000/acme/odoo@" + D2);
        assertThat(ImageDigests.choose(digests, "other/odoo:17.0")).contains("mirror:5000/odoo@" + D1);
        assertThat(ImageDigests.choose(List.of(), "odoo:17.0")).isEmpty();
    }

    @Test
    void onlyRepositoryAtSha256IsADigestReference() {
        assertThat(ImageDigests.isDigestReference("r:5000/odoo@" + D1)).isTrue();
        assertThat(ImageDigests.isDigestReference("null")).isFalse();
        assertThat(ImageDigests.isDigestReference("odoo:17.0")).isFalse();
        assertThat(ImageDigests.isDigestReference(D1)).as("an image id is not a registry digest").isFalse();
    }
}
