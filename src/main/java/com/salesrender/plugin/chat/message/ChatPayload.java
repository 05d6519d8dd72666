package com.salesrender.plugin.chat.message;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.AttachmentType;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.InvalidChatPayload;
import com.salesrender.plugin.chat.api.Message;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import com.salesrender.plugin.chat.platform.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of a chat: {@code {"chat": {id, contact, subject}, "message": {id, content, attachments}}}. Reading
 * checks every protocol rule and throws {@link InvalidChatPayload} with a message that names the field.
 */
public final class ChatPayload {

    /** Chat ids and message ids alike. */
    static final int MAX_ID = MessageId.MAX_LENGTH;

    static final int MAX_CONTACT = 255;
    static final int MAX_SUBJECT = 1000;
    static final int MAX_ATTACHMENTS = 100;
    static final int MAX_NAME = 1000;
    static final int MAX_URI = 4096;
    /** The stored form of a chat (its JSON text) must fit the payload and body columns. */
    public static final int MAX_STORED = 1_000_000;

    private ChatPayload() {}

    /** Reads an outgoing chat (CRM to customer): the message id is required. */
    public static Chat readOutgoing(JsonValue payload) {
        Chat chat = read(payload);
        if (!chat.message().hasId()) {
            throw new InvalidChatPayload("message.id is required");
        }
        return chat;
    }

    /** Reads a chat of either direction. */
    public static Chat read(JsonValue payload) {
        JsonObject root = object(payload, "payload");
        JsonObject chat = object(required(root, "chat"), "chat");
        JsonObject message = object(required(root, "message"), "message");
        Chat read = new Chat(
                id(chat, "chat.id"),
                text(required(chat, "contact"), "chat.contact", MAX_CONTACT),
                optionalText(chat.get("subject"), "chat.subject", MAX_SUBJECT),
                readMessage(message));
        if (write(read, true).toString().length() > MAX_STORED) {
            throw new InvalidChatPayload("The message is longer than " + MAX_STORED + " characters as JSON");
        }
        return read;
    }

    private static Message readMessage(JsonObject message) {
        JsonValue content = message.get("content");
        MessageContent messageContent = isNull(content) ? null : readContent(object(content, "message.content"));
        List<Attachment> attachments = new ArrayList<>();
        JsonValue list = message.get("attachments");
        if (!isNull(list)) {
            if (list.getValueType() != JsonValue.ValueType.ARRAY) {
                throw new InvalidChatPayload("message.attachments must be an array");
            }
            JsonArray array = list.asJsonArray();
            if (array.size() > MAX_ATTACHMENTS) {
                throw new InvalidChatPayload("message.attachments holds more than " + MAX_ATTACHMENTS + " items");
            }
            for (int i = 0; i < array.size(); i++) {
                attachments.add(readAttachment(object(array.get(i), "message.attachments[" + i + "]"), i));
            }
        }
        return new Message(id(message, "message.id"), messageContent, attachments);
    }

    private static MessageContent readContent(JsonObject content) {
        String text = text(required(content, "text"), "message.content.text", Integer.MAX_VALUE);
        String format = text(required(content, "format"), "message.content.format", 32);
        return new MessageContent(
                text,
                MessageFormat.fromWire(format)
                        .orElseThrow(
                                () -> new InvalidChatPayload("message.content.format must be text, markdown or html")));
    }

    private static Attachment readAttachment(JsonObject attachment, int index) {
        String field = "message.attachments[" + index + "]";
        String name = text(required(attachment, "name"), field + ".name", MAX_NAME);
        String uri = text(required(attachment, "uri"), field + ".uri", MAX_URI);
        String type = text(required(attachment, "type"), field + ".type", 32);
        return new Attachment(
                name,
                absoluteUri(uri, field + ".uri"),
                AttachmentType.fromWire(type)
                        .orElseThrow(() -> new InvalidChatPayload(field + ".type must be file, image or voice")));
    }

    /** The wire form of a chat; {@code withMessageId} false leaves the id out (incoming messages). */
    public static JsonObject write(Chat chat, boolean withMessageId) {
        JsonObjectBuilder chatJson = Json.createObjectBuilder();
        nullable(chatJson, "id", chat.id());
        chatJson.add("contact", chat.contact());
        nullable(chatJson, "subject", chat.subject());

        Message message = chat.message();
        JsonObjectBuilder messageJson = Json.createObjectBuilder();
        if (withMessageId) {
            nullable(messageJson, "id", message.id());
        }
        if (message.content() == null) {
            messageJson.addNull("content");
        } else {
            messageJson.add(
                    "content",
                    Json.createObjectBuilder()
                            .add("text", message.content().text())
                            .add("format", message.content().format().wireName()));
        }
        JsonArrayBuilder attachments = Json.createArrayBuilder();
        for (Attachment attachment : message.attachments()) {
            attachments.add(Json.createObjectBuilder()
                    .add("name", attachment.name())
                    .add("uri", attachment.uri().toString())
                    .add("type", attachment.type().wireName()));
        }
        messageJson.add("attachments", attachments);
        return Json.createObjectBuilder()
                .add("chat", chatJson)
                .add("message", messageJson)
                .build();
    }

    private static void nullable(JsonObjectBuilder builder, String name, String value) {
        if (value == null) {
            builder.addNull(name);
        } else {
            builder.add(name, value);
        }
    }

    private static JsonObject object(JsonValue value, String field) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidChatPayload(field + " must be an object");
        }
        return value.asJsonObject();
    }

    private static JsonValue required(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (isNull(value)) {
            throw new InvalidChatPayload(name + " is required");
        }
        return value;
    }

    private static boolean isNull(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }

    /** Ids are strings; the CRM may send numbers, which are read as their decimal text. */
    private static String id(JsonObject object, String field) {
        JsonValue value = object.get(field.substring(field.indexOf('.') + 1));
        if (isNull(value)) {
            return null;
        }
        String id;
        if (value instanceof JsonNumber number && number.isIntegral()) {
            id = number.bigIntegerValue().toString();
        } else {
            id = text(value, field, MAX_ID);
        }
        if (id.isBlank()) {
            throw new InvalidChatPayload(field + " must not be empty");
        }
        return id;
    }

    private static String optionalText(JsonValue value, String field, int maxLength) {
        return isNull(value) ? null : text(value, field, maxLength);
    }

    private static String text(JsonValue value, String field, int maxLength) {
        if (!(value instanceof JsonString string)) {
            throw new InvalidChatPayload(field + " must be a string");
        }
        String text = string.getString();
        if (text.length() > maxLength) {
            throw new InvalidChatPayload(field + " is longer than " + maxLength + " characters");
        }
        // PostgreSQL refuses NUL in text, and no channel carries it: refused alike on every database.
        if (text.indexOf('\u0000') >= 0) {
            throw new InvalidChatPayload(field + " must not contain a NUL character");
        }
        return text;
    }

    private static URI absoluteUri(String value, String field) {
        try {
            URI uri = new URI(value.trim());
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new InvalidChatPayload(field + " must be an absolute URI");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidChatPayload(field + " is not a valid URI");
        }
    }
}
