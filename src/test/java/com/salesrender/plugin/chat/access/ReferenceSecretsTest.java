package com.salesrender.plugin.chat.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.SecretRefused;
import com.salesrender.plugin.chat.platform.KeyedSecrets;
import com.salesrender.plugin.chat.platform.Secrets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReferenceSecretsTest {

    private static final PluginReference ACME = new PluginReference("acme", "chat", "1");

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static ReferenceSecrets secrets(Secrets core) {
        ReferenceSecrets secrets = new ReferenceSecrets();
        secrets.secrets = core;
        return secrets;
    }

    @Test
    void aSealedValueOpensForItsReferenceOnly() {
        ReferenceSecrets secrets = secrets(KeyedSecrets.withKey(randomKey()));
        String sealed = secrets.seal(ACME, "mailbox-password");
        assertTrue(sealed.startsWith("enc:v2:"), sealed);
        assertFalse(sealed.contains("mailbox-password"));
        assertNotEquals(sealed, secrets.seal(ACME, "mailbox-password"));
        assertEquals("mailbox-password", secrets.open(ACME, sealed));

        for (PluginReference other : new PluginReference[] {
            new PluginReference("acme2", "chat", "1"),
            new PluginReference("acme", "chat2", "1"),
            new PluginReference("acme", "chat", "12"),
            // Parts are length-prefixed in the bound data: moving a character between parts is another reference.
            new PluginReference("acm", "echat", "1")
        }) {
            assertThrows(SecretRefused.class, () -> secrets.open(other, sealed), other.toString());
        }
    }

    @Test
    void anAlteredForeignOrNeverSealedValueIsRefusedWithoutShowingIt() {
        Secrets core = KeyedSecrets.withKey(randomKey());
        ReferenceSecrets secrets = secrets(core);
        String sealed = secrets.seal(ACME, "s3cret");
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");
        assertThrows(SecretRefused.class, () -> secrets.open(ACME, altered));
        assertThrows(
                SecretRefused.class,
                () -> secrets(KeyedSecrets.withKey(randomKey())).open(ACME, sealed));
        for (String broken : new String[] {"enc:v1:", "enc:v1:AAAA", "enc:v1:not base64!", sealed + "A"}) {
            assertThrows(SecretRefused.class, () -> secrets.open(ACME, broken), broken);
        }
        SecretRefused plain = assertThrows(SecretRefused.class, () -> secrets.open(ACME, "s3cret"));
        assertFalse(plain.getMessage().contains("s3cret"), plain.getMessage());
        // The core's own secrets (a registration's HPT) never open through the plugin API.
        assertThrows(SecretRefused.class, () -> secrets.open(ACME, core.seal("registration HPT", "hpt")));
    }

    @Test
    void aValueSealedBeforeARotationOpensWhileItsKeyIsAPreviousOneAndIsResealedForItsReferenceOnly() {
        String a = randomKey();
        String b = randomKey();
        String underA = secrets(KeyedSecrets.withKey(a)).seal(ACME, "refresh-token");
        ReferenceSecrets rotated = secrets(KeyedSecrets.withKeys(b, a));
        assertEquals("refresh-token", rotated.open(ACME, underA));
        assertTrue(rotated.needsReseal(underA));
        assertThrows(SecretRefused.class, () -> rotated.reseal(new PluginReference("acme2", "chat", "1"), underA));
        String resealed = rotated.reseal(ACME, underA);
        assertNotEquals(underA, resealed);
        assertFalse(rotated.needsReseal(resealed));
        assertSame(resealed, rotated.reseal(ACME, resealed), "current already: the same value");
        ReferenceSecrets afterRotation = secrets(KeyedSecrets.withKey(b));
        assertEquals("refresh-token", afterRotation.open(ACME, resealed));
        assertThrows(SecretRefused.class, () -> afterRotation.open(ACME, underA), "its key is gone");
        assertTrue(afterRotation.needsReseal(underA), "not sealed with the key");
        assertThrows(SecretRefused.class, () -> afterRotation.reseal(ACME, underA));

        // A value a core before key ids sealed.
        String v1 = KeyedSecrets.asV1(underA);
        assertEquals("refresh-token", rotated.open(ACME, v1));
        assertTrue(rotated.needsReseal(v1));
        assertEquals("refresh-token", afterRotation.open(ACME, rotated.reseal(ACME, v1)));

        assertFalse(rotated.needsReseal("never sealed"));
        assertThrows(SecretRefused.class, () -> rotated.reseal(ACME, "never sealed"));
        assertThrows(
                IllegalStateException.class,
                () -> secrets(KeyedSecrets.withKey(null)).needsReseal(underA));
    }

    @Test
    void withoutTheKeyNothingIsSealedInClear() {
        ReferenceSecrets secrets = secrets(KeyedSecrets.withKey(null));
        IllegalStateException seal = assertThrows(IllegalStateException.class, () -> secrets.seal(ACME, "s3cret"));
        assertTrue(seal.getMessage().contains("plugin.secrets.key"), seal.getMessage());
        assertThrows(IllegalStateException.class, () -> secrets.open(ACME, "enc:v1:AAAA"));
    }
}
