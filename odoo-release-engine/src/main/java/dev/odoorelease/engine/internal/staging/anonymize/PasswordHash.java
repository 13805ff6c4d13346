package dev.odoorelease.engine.internal.staging.anonymize;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in passlib's {@code pbkdf2_sha512} format, the format Odoo 16, 17 and 18 store in
 * {@code res_users.password} and verify ({@code $pbkdf2-sha512$<rounds>$<salt>$<checksum>}, both
 * in passlib's "ab64": base64 without padding, '.' for '+').
 */
final class PasswordHash {
    /** Odoo 17 and 18's rounds (16 uses passlib's 25 000 and verifies any count). */
    static final int ROUNDS = 600_000;

    private PasswordHash() {
    }

    /**
     * The hash of a staging password. The salt is derived from the password, so the same password
     * gives the same hash on every refresh (the anonymized copy is deterministic); it is the one
     * password every staging user shares, so a per-user salt would protect nothing.
     */
    static String staging(String password) {
        try {
            byte[] salt = Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest(("odoo-release staging password salt\0" + password).getBytes(StandardCharsets.UTF_8)), 16);
            return hash(password, salt, ROUNDS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String hash(String password, byte[] salt, int rounds) {
        try {
            // PBKDF2WithHmacSHA512 encodes the password as UTF-8, like passlib
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, 512);
            byte[] dk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return "$pbkdf2-sha512$" + rounds + "$" + ab64(salt) + "$" + ab64(dk);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JVM", e);
        }
    }

    static String ab64(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b).replace('+', '.');
    }

    static byte[] ab64Decode(String s) {
        return Base64.getDecoder().decode(s.replace('.', '+'));
    }
}
