package com.salesrender.plugin.chat.platform;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random row ids (version 4 UUIDs) from one strong generator per thread. {@link UUID#randomUUID()} draws from one
 * generator the whole JVM shares behind a lock; with several ids per message that lock was where busy threads waited.
 */
public final class Ids {

    /** DRBG: each instance has its own state (the default NativePRNG instances all share one, behind a lock). */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });

    private Ids() {}

    /** A new random UUID, as {@link UUID#randomUUID()} makes it, in its text form. */
    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }
}
