package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerChoicesTest {

    private static Optional<String> refusal(Map<String, String> configured) {
        return ServerChoices.refusal(name -> Optional.ofNullable(configured.get(name)));
    }

    @Test
    void theDefaultsAndEveryNamedChoicePass() {
        assertTrue(refusal(Map.of()).isEmpty());
        assertTrue(
                refusal(Map.of("plugin.db", "h2", "plugin.broker", "EMBEDDED")).isEmpty());
        assertTrue(refusal(Map.of("plugin.db", "postgresql", "plugin.broker", "REMOTE"))
                .isEmpty());
    }

    @Test
    void anotherDatabaseIsRefusedByName() {
        assertEquals(
                Optional.of("plugin.db is 'mysql'; it must be one of h2, postgresql"),
                refusal(Map.of("plugin.db", "mysql")));
    }

    /** OpenMQ reads any broker type but EMBEDDED as a remote broker: "embedded" would silently be one. */
    @Test
    void aBrokerTypeOpenMqWouldMisreadIsRefused() {
        assertEquals(
                Optional.of("plugin.broker is 'embedded'; it must be one of EMBEDDED, REMOTE"),
                refusal(Map.of("plugin.broker", "embedded")));
    }
}
