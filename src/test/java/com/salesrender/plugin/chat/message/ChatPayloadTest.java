package com.salesrender.plugin.chat.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.AttachmentType;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.InvalidChatPayload;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ChatPayloadTest {

    private static JsonObjectBuilder content(String text, String format) {
        return Json.createObjectBuilder().add("text", text).add("format", format);
    }

    private static JsonObjectBuilder attachment(String type) {
        return Json.createObjectBuilder()
                .add("name", "a.png")
                .add("uri", "https://cdn.test/a.png")
                .add("type", type);
    }

    private static JsonObject payload(JsonObjectBuilder chat, JsonObjectBuilder message) {
        return Json.createObjectBuilder()
                .add("chat", chat)
                .add("message", message)
                .build();
    }

    private static JsonObjectBuilder chat() {
        return Json.createObjectBuilder()
                .add("id", "chat-1")
                .add("contact", "+15550100")
                .add("subject", "Order");
    }

    private static JsonObjectBuilder message(String id) {
        return Json.createObjectBuilder()
                .add("id", id)
                .add("content", content(" Hello ", "text"))
                .add("attachments", Json.createArrayBuilder().add(attachment("image")));
    }

    private static String invalid(JsonValue payload) {
        return assertThrows(InvalidChatPayload.class, () -> ChatPayload.readOutgoing(payload))
                .getMessage();
    }

    @Test
    void readsEveryField() {
        Chat chat = ChatPayload.readOutgoing(payload(chat(), message("msg-1")));
        assertEquals("chat-1", chat.id());
        assertEquals("+15550100", chat.contact());
        assertEquals("Order", chat.subject());
        assertEquals("msg-1", chat.message().id());
        assertEquals(
                new MessageContent("Hello", MessageFormat.TEXT), chat.message().content());
        assertEquals(
                new Attachment("a.png", URI.create("https://cdn.test/a.png"), AttachmentType.IMAGE),
                chat.message().attachments().get(0));
    }

    @Test
    void writeThenReadGivesTheSameChat() {
        Chat chat = ChatPayload.readOutgoing(payload(chat(), message("msg-1")));
        assertEquals(chat, ChatPayload.readOutgoing(ChatPayload.write(chat, true)));
    }

    @Test
    void incomingFormLeavesTheMessageIdOut() {
        Chat chat = ChatPayload.readOutgoing(payload(chat(), message("msg-1")));
        JsonObject incoming = ChatPayload.write(chat, false);
        assertTrue(!incoming.getJsonObject("message").containsKey("id"));
        assertNull(ChatPayload.read(incoming).message().id());
    }

    @Test
    void nullChatIdSubjectAndContentAreAllowed() {
        Chat chat = ChatPayload.readOutgoing(payload(
                Json.createObjectBuilder()
                        .add("id", JsonValue.NULL)
                        .add("contact", "a@b.test")
                        .add("subject", JsonValue.NULL),
                Json.createObjectBuilder()
                        .add("id", "m")
                        .add("content", JsonValue.NULL)
                        .add("attachments", Json.createArrayBuilder().add(attachment("voice")))));
        assertNull(chat.id());
        assertNull(chat.subject());
        assertNull(chat.message().content());
        assertEquals(AttachmentType.VOICE, chat.message().attachments().get(0).type());
    }

    @Test
    void numericIdsAreReadAsText() {
        Chat chat = ChatPayload.readOutgoing(payload(
                chat().add("id", 17),
                Json.createObjectBuilder().add("id", 12345).add("content", content("x", "html"))));
        assertEquals("17", chat.id());
        assertEquals("12345", chat.message().id());
        assertEquals(MessageFormat.HTML, chat.message().content().format());
    }

    @Test
    void emptyMessageIsRefused() {
        String error = invalid(payload(
                chat(),
                Json.createObjectBuilder()
                        .add("id", "m")
                        .add("content", JsonValue.NULL)
                        .add("attachments", Json.createArrayBuilder())));
        assertEquals("Message should contain content or attachmetns", error);
        invalid(payload(chat(), Json.createObjectBuilder().add("id", "m")));
    }

    @Test
    void blankTextIsRefused() {
        assertEquals(
                "Message text should not be empty",
                invalid(payload(
                        chat(), Json.createObjectBuilder().add("id", "m").add("content", content(" \n\t ", "text")))));
    }

    @Test
    void unknownFormatAndAttachmentTypeAreRefused() {
        assertTrue(invalid(payload(
                        chat(), Json.createObjectBuilder().add("id", "m").add("content", content("x", "TEXT"))))
                .contains("format"));
        assertTrue(invalid(payload(
                        chat(),
                        Json.createObjectBuilder()
                                .add("id", "m")
                                .add("content", JsonValue.NULL)
                                .add("attachments", Json.createArrayBuilder().add(attachment("video")))))
                .contains("message.attachments[0].type"));
        invalid(payload(
                chat(),
                Json.createObjectBuilder()
                        .add("id", "m")
                        .add("content", Json.createObjectBuilder().add("text", "x"))));
    }

    @Test
    void attachmentNeedsAnAbsoluteUriAndAName() {
        invalid(payload(
                chat(),
                Json.createObjectBuilder()
                        .add("id", "m")
                        .add(
                                "attachments",
                                Json.createArrayBuilder().add(attachment("file").add("uri", "relative/path")))));
        invalid(payload(
                chat(),
                Json.createObjectBuilder()
                        .add("id", "m")
                        .add(
                                "attachments",
                                Json.createArrayBuilder().add(attachment("file").add("uri", "http://bad uri")))));
        invalid(payload(
                chat(),
                Json.createObjectBuilder()
                        .add("id", "m")
                        .add(
                                "attachments",
                                Json.createArrayBuilder().add(attachment("file").add("name", "")))));
    }

    @Test
    void wrongShapesAreRefused() {
        invalid(JsonValue.NULL);
        invalid(Json.createArrayBuilder().build());
        invalid(Json.createValue("text"));
        invalid(Json.createObjectBuilder()
                .add("chat", "x")
                .add("message", Json.createObjectBuilder())
                .build());
        invalid(payload(chat().add("contact", 15550100), message("m")));
        invalid(payload(chat().add("contact", "  "), message("m")));
        invalid(payload(chat().add("subject", true), message("m")));
        invalid(payload(chat(), message("m").add("attachments", "a.png")));
        invalid(payload(chat(), message("m").add("content", "Hello")));
        invalid(payload(chat(), message("m").add("id", 1.5)));
        invalid(payload(chat(), message("m").add("id", "")));
    }

    @Test
    void outgoingMessageNeedsAnId() {
        assertEquals(
                "message.id is required", invalid(payload(chat(), message("m").add("id", JsonValue.NULL))));
    }

    @Test
    void oversizedFieldsAreRefused() {
        invalid(payload(chat().add("contact", "1".repeat(ChatPayload.MAX_CONTACT + 1)), message("m")));
        invalid(payload(chat(), message("m".repeat(ChatPayload.MAX_ID + 1))));
        var many = Json.createArrayBuilder();
        for (int i = 0; i <= ChatPayload.MAX_ATTACHMENTS; i++) {
            many.add(attachment("file"));
        }
        invalid(payload(chat(), message("m").add("attachments", many)));
    }

    @Test
    void nulIsRefusedInEveryText() {
        assertTrue(invalid(payload(chat().add("contact", "+1\u0000"), message("m")))
                .contains("chat.contact"));
        assertTrue(invalid(payload(chat().add("subject", "a\u0000b"), message("m")))
                .contains("chat.subject"));
        assertTrue(invalid(payload(chat(), message("m\u0000"))).contains("message.id"));
        assertTrue(invalid(payload(chat(), message("m").add("content", content("hi\u0000", "text"))))
                .contains("message.content.text"));
    }

    @Test
    void aChatLongerThanItsStoredFormIsRefused() {
        String fits = "t".repeat(ChatPayload.MAX_STORED - 500);
        assertEquals(
                fits,
                ChatPayload.readOutgoing(payload(chat(), message("m").add("content", content(fits, "text"))))
                        .message()
                        .content()
                        .text());
        String tooLong = "t".repeat(ChatPayload.MAX_STORED);
        assertTrue(invalid(payload(chat(), message("m").add("content", content(tooLong, "text"))))
                .contains("longer"));
    }
}
