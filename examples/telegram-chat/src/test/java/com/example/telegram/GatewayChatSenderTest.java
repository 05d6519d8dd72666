package com.example.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.SettingsForm;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The settings form, without a server: what a company gets before it saves anything, and what it may save. */
class GatewayChatSenderTest {

    private final SettingsForm form = new GatewayChatSender().form();

    @Test
    void aCompanyThatSavedNothingGetsTheDefaults() {
        JsonObject values = form.withDefaults(JsonObject.EMPTY_JSON_OBJECT);
        assertEquals("SalesRender", values.getJsonObject("account").getString("sender"));
    }

    @Test
    void aSenderNameMustBeText() {
        JsonObject submitted = Json.createObjectBuilder()
                .add("account", Json.createObjectBuilder().add("sender", 42)).build();
        assertFalse(form.validate(submitted, JsonObject.EMPTY_JSON_OBJECT).valid());
    }

    @Test
    void aSenderNameAndTokenAreAccepted() {
        JsonObject submitted = Json.createObjectBuilder()
                .add("account", Json.createObjectBuilder().add("sender", "Acme").add("token", "secret")).build();
        SettingsForm.Validation validation = form.validate(submitted, JsonObject.EMPTY_JSON_OBJECT);
        assertTrue(validation.valid(), () -> validation.errors().toString());
        assertEquals("Acme", validation.data().getJsonObject("account").getString("sender"));
    }
}
