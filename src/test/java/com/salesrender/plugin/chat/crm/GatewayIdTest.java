package com.salesrender.plugin.chat.crm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule for a gateway id: what IncomingChats.forward refuses before anything is stored. */
class GatewayIdTest {

    @Test
    void blankTooLongControlCharactersAndHalfCharactersAreRefused() {
        List<String> bad = Arrays.asList(
                null,
                "",
                "   ",
                "x".repeat(256),
                "a\u0000b",
                "line\nbreak",
                "tab\tbed",
                "del\u007f",
                "c1\u0085",
                "\uD83D",
                "x\uDE00y",
                "\uDE00\uD83D");
        for (String id : bad) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> IncomingChatRelay.checkGatewayId(id), id);
            assertTrue(refused.getMessage().startsWith("A gateway id must"), refused.getMessage());
        }
    }

    @Test
    void gatewayIdsAsGatewaysWriteThemAreTaken() {
        for (String id : List.of(
                "1",
                "428193552",
                "<CAF=x5y+abc@mail.example.com>",
                " spaced id ",
                "\uD83D\uDE00 emoji",
                "x".repeat(255),
                "\uD83D\uDE00" + "y".repeat(253))) {
            assertDoesNotThrow(() -> IncomingChatRelay.checkGatewayId(id), id);
        }
    }
}
