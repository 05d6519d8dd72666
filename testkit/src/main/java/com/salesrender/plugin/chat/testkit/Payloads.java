package com.salesrender.plugin.chat.testkit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Chat payloads as the CRM writes them. */
public final class Payloads {

    private Payloads() {
    }

    public static JsonObject text(String messageId, String contact, String text) {
        return chat(messageId, contact, Json.createObjectBuilder().add("text", text).add("format", "text"));
    }

    public static JsonObject chat(String messageId, String contact, JsonObjectBuilder content) {
        return Json.createObjectBuilder()
                .add("chat", Json.createObjectBuilder().add("id", "chat-1").add("contact", contact).add("subject", "Order 42"))
                .add("message", Json.createObjectBuilder()
                        .add("id", messageId)
                        .add("content", content)
                        .add("attachments", Json.createArrayBuilder()))
                .build();
    }
}
