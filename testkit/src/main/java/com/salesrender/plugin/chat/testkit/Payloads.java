package com.salesrender.plugin.chat.testkit;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/** Chat payloads as the CRM writes them. */
public final class Payloads {

    /** One JSON-P provider, looked up once ({@code jakarta.json.Json} looks it up on every call). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private Payloads() {}

    public static JsonObject text(String messageId, String contact, String text) {
        return chat(
                messageId, contact, JSON.createObjectBuilder().add("text", text).add("format", "text"));
    }

    public static JsonObject chat(String messageId, String contact, JsonObjectBuilder content) {
        return JSON.createObjectBuilder()
                .add(
                        "chat",
                        JSON.createObjectBuilder()
                                .add("id", "chat-1")
                                .add("contact", contact)
                                .add("subject", "Order 42"))
                .add(
                        "message",
                        JSON.createObjectBuilder()
                                .add("id", messageId)
                                .add("content", content)
                                .add("attachments", JSON.createArrayBuilder()))
                .build();
    }
}
