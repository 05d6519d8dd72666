package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BearerTokenCheckTest {

    @Test
    void thePreviousTokenIsNamedAfterTheToken() {
        assertEquals("plugin.admin.previous-token", BearerTokenCheck.previousProperty("plugin.admin.token"));
        assertEquals("plugin.gateway.previous-token", BearerTokenCheck.previousProperty("plugin.gateway.token"));
    }

    @Test
    void theTokenAndWhileRotatedThePreviousOneAreAccepted() {
        assertTrue(BearerTokenCheck.accepts("new", "new", null));
        assertTrue(BearerTokenCheck.accepts("new", "new", "old"));
        assertTrue(BearerTokenCheck.accepts("old", "new", "old"));
        assertFalse(BearerTokenCheck.accepts("old", "new", null), "once the previous token is removed");
        assertFalse(BearerTokenCheck.accepts("other", "new", "old"));
        assertFalse(BearerTokenCheck.accepts("", "new", "old"));
    }
}
