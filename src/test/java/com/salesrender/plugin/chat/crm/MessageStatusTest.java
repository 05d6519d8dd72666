package com.salesrender.plugin.chat.crm;

import static com.salesrender.plugin.chat.api.MessageStatus.DELIVERED;
import static com.salesrender.plugin.chat.api.MessageStatus.ERROR;
import static com.salesrender.plugin.chat.api.MessageStatus.READ;
import static com.salesrender.plugin.chat.api.MessageStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.MessageStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessageStatusTest {

    @Test
    void statusesOnlyMoveForward() {
        assertTrue(SENT.follows(null));
        assertTrue(DELIVERED.follows(SENT));
        assertTrue(READ.follows(DELIVERED));
        assertTrue(READ.follows(SENT));
        assertFalse(SENT.follows(SENT));
        assertFalse(SENT.follows(DELIVERED));
        assertFalse(DELIVERED.follows(READ));
        assertFalse(SENT.follows(READ));
    }

    @Test
    void errorAndReadAreFinal() {
        assertTrue(ERROR.follows(null));
        assertTrue(ERROR.follows(SENT));
        assertTrue(ERROR.follows(DELIVERED));
        assertFalse(ERROR.follows(READ));
        assertFalse(ERROR.follows(ERROR));
        for (MessageStatus status : MessageStatus.values()) {
            assertFalse(status.follows(ERROR));
            assertFalse(status.follows(READ));
        }
    }

    @Test
    void wireNames() {
        assertEquals(Optional.of(DELIVERED), MessageStatus.fromWire("delivered"));
        assertEquals(Optional.empty(), MessageStatus.fromWire("DELIVERED"));
        assertEquals(Optional.empty(), MessageStatus.fromWire(null));
        assertEquals("read", READ.wireName());
    }

    @Test
    void endpointsFollowTheProtocol() {
        assertTrue(CrmEndpoint.STATUS.isSuccess(200));
        assertFalse(CrmEndpoint.STATUS.isSuccess(201));
        assertTrue(CrmEndpoint.STATUS.isStop(404));
        assertTrue(CrmEndpoint.STATUS.isStop(418));
        assertFalse(CrmEndpoint.STATUS.isStop(500));
        assertEquals(Duration.ofSeconds(300), CrmEndpoint.STATUS.ttl());
        assertEquals("PATCH", CrmEndpoint.STATUS.method());

        assertTrue(CrmEndpoint.INCOMING.isSuccess(201));
        assertTrue(CrmEndpoint.INCOMING.isStop(405));
        assertTrue(CrmEndpoint.INCOMING.isStop(418));
        assertFalse(CrmEndpoint.INCOMING.isStop(404));
        assertEquals("PUT", CrmEndpoint.INCOMING.method());
        assertEquals(Duration.ofSeconds(300), CrmEndpoint.INCOMING.ttl());
    }

    /** The shipped defaults are the reference's: a status 5 times 10 s apart, an incoming message 5 times 5 s apart. */
    @Test
    void attemptsAndIntervalsDefaultToTheReferences() throws IOException {
        Properties defaults = new Properties();
        try (var in = MessageStatusTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        assertEquals("5", defaults.getProperty("plugin.crm.status.attempts"));
        assertEquals(Duration.ofSeconds(10), Duration.parse(defaults.getProperty("plugin.crm.status.interval")));
        assertEquals("5", defaults.getProperty("plugin.crm.incoming.attempts"));
        assertEquals(Duration.ofSeconds(5), Duration.parse(defaults.getProperty("plugin.crm.incoming.interval")));
    }
}
