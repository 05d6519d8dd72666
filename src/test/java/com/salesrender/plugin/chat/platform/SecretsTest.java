package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private static String randomKey(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Secrets secrets(String key) {
        Secrets secrets = new Secrets();
        secrets.configuredKey = Optional.ofNullable(key);
        secrets.init();
        return secrets;
    }

    @Test
    void aSealedValueHoldsNoTraceOfTheSecretAndOpensAgain() {
        Secrets secrets = secrets(randomKey(32));
        String sealed = secrets.seal("registration HPT", "the-hpt-value");
        assertTrue(sealed.startsWith("enc:v1:"), sealed);
        assertFalse(sealed.contains("the-hpt-value"));
        assertNotEquals(sealed, secrets.seal("registration HPT", "the-hpt-value"), "a fresh nonce each time");
        assertEquals("the-hpt-value", secrets.open("registration HPT", sealed));
    }

    @Test
    void aValueStoredBeforeTheKeyIsReadAsItIs() {
        assertEquals("plain", secrets(randomKey(32)).open("registration HPT", "plain"));
        assertEquals("plain", secrets(null).open("registration HPT", "plain"));
    }

    @Test
    void withoutAKeyValuesAreStoredAsTheyAre() {
        Secrets secrets = secrets(null);
        assertFalse(secrets.hasKey());
        assertEquals("plain", secrets.seal("registration HPT", "plain"));
    }

    @Test
    void anotherKeyOrNoKeyOrAnotherPurposeFailsNamingTheProperty() {
        String sealed = secrets(randomKey(32)).seal("registration HPT", "secret");
        Secrets.SecretUnreadable wrong = assertThrows(
                Secrets.SecretUnreadable.class, () -> secrets(randomKey(32)).open("registration HPT", sealed));
        assertTrue(wrong.getMessage().contains("plugin.secrets.key"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("secret\""));
        Secrets.SecretUnreadable none =
                assertThrows(Secrets.SecretUnreadable.class, () -> secrets(null).open("registration HPT", sealed));
        assertTrue(none.getMessage().contains("plugin.secrets.key is not set"), none.getMessage());
        Secrets same = secrets(randomKey(16));
        String moved = same.seal("registration HPT", "secret");
        assertThrows(
                Secrets.SecretUnreadable.class, () -> same.open("password setting", moved), "bound to its purpose");
        assertThrows(
                Secrets.SecretUnreadable.class,
                () -> same.open("registration HPT", moved.substring(0, moved.length() - 4) + "AAAA"),
                "altered");
    }

    @Test
    void aMalformedKeyStopsTheStartNamingTheProperty() {
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class, () -> secrets("not base64!"));
        assertTrue(notBase64.getMessage().contains("plugin.secrets.key"));
        IllegalStateException tooShort = assertThrows(IllegalStateException.class, () -> secrets(randomKey(10)));
        assertTrue(tooShort.getMessage().contains("plugin.secrets.key"));
    }
}
