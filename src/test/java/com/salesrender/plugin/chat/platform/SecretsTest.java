package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private static final String HPT = "registration HPT";

    private static String randomKey(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Secrets secrets(String key) {
        return KeyedSecrets.withKey(key);
    }

    private static Secrets secrets(String key, String previousKeys) {
        return KeyedSecrets.withKeys(key, previousKeys);
    }

    /** The key id as the docs tell an operator to compute it: the first 16 hex digits of the key's SHA-256. */
    private static String keyId(String base64Key) throws Exception {
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64Key));
        return HexFormat.of().formatHex(digest).substring(0, 16);
    }

    @Test
    void aSealedValueNamesItsKeyHoldsNoTraceOfTheSecretAndOpensAgain() throws Exception {
        String key = randomKey(32);
        Secrets secrets = secrets(key);
        String sealed = secrets.seal(HPT, "the-hpt-value");
        assertTrue(sealed.startsWith("enc:v2:" + keyId(key) + ":"), sealed);
        assertFalse(sealed.contains("the-hpt-value"));
        assertNotEquals(sealed, secrets.seal(HPT, "the-hpt-value"), "a fresh nonce each time");
        assertEquals("the-hpt-value", secrets.open(HPT, sealed));
        assertFalse(secrets.needsReseal(sealed));
        assertSame(sealed, secrets.reseal(HPT, sealed), "sealed with the key already: left as it is");
    }

    @Test
    void aValueStoredBeforeTheKeyIsReadAsItIs() {
        assertEquals("plain", secrets(randomKey(32)).open(HPT, "plain"));
        assertEquals("plain", secrets(null).open(HPT, "plain"));
        assertEquals("plain", secrets(randomKey(32)).reseal(HPT, "plain"), "sealed on its next write, not here");
    }

    @Test
    void withoutAKeyValuesAreStoredAsTheyAre() {
        Secrets secrets = secrets(null);
        assertFalse(secrets.hasKey());
        assertEquals("plain", secrets.seal(HPT, "plain"));
        assertEquals(List.of(), secrets.resealablePrefixes(), "nothing to reseal with");
    }

    @Test
    void aValueOfTheFormatBeforeKeyIdsIsReadWithTheKeyOrAPreviousOneAndResealed() {
        String old = randomKey(32);
        String current = randomKey(32);
        String v1 = KeyedSecrets.asV1(secrets(old).seal(HPT, "from-v1"));
        assertTrue(v1.startsWith("enc:v1:"), v1);
        assertEquals("from-v1", secrets(old).open(HPT, v1), "with the key");
        Secrets rotated = secrets(current, old);
        assertEquals("from-v1", rotated.open(HPT, v1), "with a previous key");
        assertTrue(rotated.needsReseal(v1));
        assertTrue(rotated.needsPreviousKey(HPT, v1));
        String resealed = rotated.reseal(HPT, v1);
        assertTrue(resealed.startsWith("enc:v2:"), resealed);
        assertFalse(rotated.needsReseal(resealed));
        assertEquals("from-v1", secrets(current).open(HPT, resealed), "the current key alone opens it now");

        // Sealed with the key itself: brought to the current format, but no previous key is needed for it.
        Secrets same = secrets(old, current);
        assertTrue(same.needsReseal(v1));
        assertFalse(same.needsPreviousKey(HPT, v1));
        assertEquals("from-v1", secrets(old).open(HPT, same.reseal(HPT, v1)));

        assertThrows(Secrets.SecretUnreadable.class, () -> secrets(current).open(HPT, v1), "no key that opens it");
    }

    @Test
    void aValueSealedWithAPreviousKeyIsReadAndResealedWithTheKey() throws Exception {
        String a = randomKey(32);
        String b = randomKey(16);
        String older = randomKey(24);
        String underA = secrets(a).seal(HPT, "s3cret");
        Secrets rotated = secrets(b, " " + older + " , " + a + " ");
        assertEquals("s3cret", rotated.open(HPT, underA));
        assertTrue(rotated.hasPreviousKeys());
        assertTrue(rotated.needsReseal(underA));
        assertTrue(rotated.needsPreviousKey(HPT, underA));
        assertTrue(rotated.seal(HPT, "new").startsWith("enc:v2:" + keyId(b) + ":"), "sealed with the key, always");
        assertEquals(
                List.of("enc:v1:", "enc:v2:" + keyId(older) + ":", "enc:v2:" + keyId(a) + ":"),
                rotated.resealablePrefixes());

        String resealed = rotated.reseal(HPT, underA);
        assertTrue(resealed.startsWith("enc:v2:" + keyId(b) + ":"), resealed);
        assertFalse(rotated.needsPreviousKey(HPT, resealed));
        assertEquals("s3cret", secrets(b).open(HPT, resealed), "the previous key can go now");
        assertFalse(secrets(b).needsPreviousKey(HPT, underA), "without previous keys nothing needs one");
    }

    @Test
    void aValueWhoseKeyIsNotConfiguredFailsNamingThePropertiesWithoutShowingIt() {
        String sealed = secrets(randomKey(32)).seal(HPT, "s3cret-value");
        Secrets other = secrets(randomKey(32), randomKey(32));
        Secrets.SecretUnreadable unknown = assertThrows(Secrets.SecretUnreadable.class, () -> other.open(HPT, sealed));
        assertTrue(
                unknown.getMessage()
                        .contains("cannot be decrypted with plugin.secrets.key or any of"
                                + " plugin.secrets.previous-keys"),
                unknown.getMessage());
        assertFalse(unknown.getMessage().contains("s3cret"));
        assertTrue(other.needsReseal(sealed), "not sealed with the key");
        assertThrows(Secrets.SecretUnreadable.class, () -> other.reseal(HPT, sealed));
        assertFalse(other.needsPreviousKey(HPT, sealed), "lost already: removing previous keys loses nothing more");
        assertThrows(Secrets.SecretUnreadable.class, () -> other.open(HPT, KeyedSecrets.asV1(sealed)));
        assertThrows(
                Secrets.SecretUnreadable.class,
                () -> other.open(
                        HPT, "enc:v2:" + sealed.substring("enc:v2:".length()).replace(":", "")),
                "no key id");
    }

    @Test
    void anotherKeyOrNoKeyOrAnotherPurposeFailsNamingTheProperty() {
        String sealed = secrets(randomKey(32)).seal(HPT, "secret");
        Secrets.SecretUnreadable wrong = assertThrows(
                Secrets.SecretUnreadable.class, () -> secrets(randomKey(32)).open(HPT, sealed));
        assertTrue(wrong.getMessage().contains("plugin.secrets.key"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("secret\""));
        Secrets.SecretUnreadable none =
                assertThrows(Secrets.SecretUnreadable.class, () -> secrets(null).open(HPT, sealed));
        assertTrue(none.getMessage().contains("plugin.secrets.key is not set"), none.getMessage());
        Secrets same = secrets(randomKey(16));
        String moved = same.seal(HPT, "secret");
        assertThrows(
                Secrets.SecretUnreadable.class, () -> same.open("password setting", moved), "bound to its purpose");
        assertThrows(
                Secrets.SecretUnreadable.class,
                () -> same.open(HPT, moved.substring(0, moved.length() - 4) + "AAAA"),
                "altered");
        assertThrows(Secrets.SecretUnreadable.class, () -> same.open(HPT, moved.substring(0, 40)), "cut short");
        assertThrows(
                Secrets.SecretUnreadable.class,
                () -> same.open(HPT, KeyedSecrets.asV1(moved).substring(0, 20) + "!"),
                "not base64");
    }

    @Test
    void aMalformedKeyStopsTheStartNamingTheProperty() {
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class, () -> secrets("not base64!"));
        assertTrue(notBase64.getMessage().contains("plugin.secrets.key"));
        IllegalStateException tooShort = assertThrows(IllegalStateException.class, () -> secrets(randomKey(10)));
        assertTrue(tooShort.getMessage().contains("plugin.secrets.key"));
    }

    @Test
    void aMalformedPreviousKeyStopsTheStartNamingThePropertyAndTheEntryNeverItsValue() {
        String key = randomKey(32);
        String good = randomKey(32);
        String shortKey = randomKey(10);
        assertPreviousKeysRefused(key, good + ",not base64!", "(key 2 of 2) must be base64", "not base64!");
        assertPreviousKeysRefused(key, shortKey, "(key 1 of 1) must be the base64 of 16, 24 or 32 bytes", shortKey);
        assertPreviousKeysRefused(key, good + ",", "(key 2 of 2) is empty", good);
        assertPreviousKeysRefused(key, good + "," + good, "(key 2 of 2) is listed twice", good);
        assertPreviousKeysRefused(key, good + "," + key, "(key 2 of 2) is plugin.secrets.key itself", key);
        assertPreviousKeysRefused(null, good, "is set but plugin.secrets.key is not", good);
        assertFalse(secrets(key, " ").hasPreviousKeys(), "blank: none");
    }

    private static void assertPreviousKeysRefused(String key, String previousKeys, String reason, String secret) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> secrets(key, previousKeys));
        assertTrue(
                refused.getMessage().startsWith("Configuration property plugin.secrets.previous-keys"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        assertFalse(refused.getMessage().contains(secret), "the key is not shown: " + refused.getMessage());
    }
}
