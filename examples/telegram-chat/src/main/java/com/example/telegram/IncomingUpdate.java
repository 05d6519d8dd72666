package com.example.telegram;

import com.salesrender.plugin.chat.api.AttachmentType;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a customer sent, read from a Telegram update: the update's id (the gateway id the CRM gets it once by), the chat
 * it came from (where answers go: the contact), who wrote it, its text or caption, and the files to fetch
 * ({@code getFile}) by their {@code file_id}: the largest size of a photo, a voice message, a document; audio, video
 * and animations as files. What cannot be forwarded (a sticker, a location) becomes a line of text saying so.
 *
 * <p>It is also the data of the job that forwards it ({@link #toJson}, {@link #fromJson}): the update's fields this
 * plugin uses, not the whole update.
 */
record IncomingUpdate(
        long updateId, String chat, String sender, String text, List<TelegramFile> files, List<String> notes) {

    /** A file of the message: its {@code file_id}, its name and type when Telegram gave them (else null). */
    record TelegramFile(String fileId, String name, String contentType, AttachmentType type) {}

    /** Kinds of message that carry nothing this plugin forwards, by the field that holds them. */
    private static final List<String> NOT_FORWARDED =
            List.of("sticker", "location", "venue", "contact", "poll", "dice", "game", "story");

    IncomingUpdate {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }

    /**
     * The customer's message in an update; empty for an update of another kind (an edit, a member change...), which is
     * answered and dropped.
     *
     * @throws IllegalArgumentException when the update has no {@code update_id}, or its message no chat
     */
    static Optional<IncomingUpdate> read(JsonObject update) {
        if (!(update.get("update_id") instanceof JsonNumber id) || !id.isIntegral()) {
            throw new IllegalArgumentException("An update has an integer update_id");
        }
        if (!(update.get("message") instanceof JsonObject message)) {
            return Optional.empty();
        }
        if (!(message.get("chat") instanceof JsonObject chat) || !(chat.get("id") instanceof JsonNumber chatId)) {
            throw new IllegalArgumentException("A message has a chat with an id");
        }
        List<TelegramFile> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (message.get("photo") instanceof JsonArray sizes) {
            sizes.stream()
                    .filter(JsonObject.class::isInstance)
                    .map(JsonObject.class::cast)
                    .max(Comparator.comparingLong(IncomingUpdate::pixels))
                    .flatMap(largest -> file(largest, null, "image/jpeg", AttachmentType.IMAGE))
                    .ifPresent(files::add);
        }
        if (message.get("voice") instanceof JsonObject voice) {
            file(voice, "voice.ogg", null, AttachmentType.VOICE).ifPresent(files::add);
        }
        for (String kind : List.of("document", "audio", "video", "animation", "video_note")) {
            if (message.get(kind) instanceof JsonObject file) {
                file(file, null, null, AttachmentType.FILE).ifPresent(files::add);
            }
        }
        // A GIF comes as both an animation and a document, with one file id: forwarded once.
        Set<String> seen = new HashSet<>();
        files.removeIf(file -> !seen.add(file.fileId()));
        String text = string(message, "text");
        if (text == null) {
            text = string(message, "caption");
        }
        if (text == null && files.isEmpty()) {
            String kind = NOT_FORWARDED.stream()
                    .filter(message::containsKey)
                    .findFirst()
                    .orElse("message");
            notes.add("[a " + kind.replace('_', ' ') + " the plugin does not forward]");
        }
        return Optional.of(new IncomingUpdate(
                id.longValue(), chatId.bigIntegerValue().toString(), sender(message, chat), text, files, notes));
    }

    private static long pixels(JsonObject size) {
        return size.getJsonNumber("width") == null || size.getJsonNumber("height") == null
                ? size.getInt("file_size", 0)
                : size.getJsonNumber("width").longValue()
                        * size.getJsonNumber("height").longValue();
    }

    private static Optional<TelegramFile> file(
            JsonObject file, String defaultName, String defaultType, AttachmentType type) {
        String fileId = string(file, "file_id");
        if (fileId == null) {
            return Optional.empty();
        }
        String name = string(file, "file_name");
        String contentType = string(file, "mime_type");
        return Optional.of(new TelegramFile(
                fileId, name == null ? defaultName : name, contentType == null ? defaultType : contentType, type));
    }

    /** Who wrote: the user's name and {@code @username}, else the chat's title. */
    private static String sender(JsonObject message, JsonObject chat) {
        JsonObject from = message.get("from") instanceof JsonObject user ? user : chat;
        StringBuilder name = new StringBuilder();
        for (String part : List.of("first_name", "last_name")) {
            String value = string(from, part);
            if (value != null && !value.isBlank()) {
                name.append(name.isEmpty() ? "" : " ").append(value.strip());
            }
        }
        String username = string(from, "username");
        if (username != null && !username.isBlank()) {
            name.append(name.isEmpty() ? "@" + username.strip() : " (@" + username.strip() + ")");
        }
        if (name.isEmpty()) {
            String title = string(chat, "title");
            return title == null || title.isBlank() ? null : title.strip();
        }
        return name.toString();
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString value ? value.getString() : null;
    }

    JsonObject toJson() {
        JsonArrayBuilder fileList = Json.createArrayBuilder();
        for (TelegramFile file : files) {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("file_id", file.fileId())
                    .add("type", file.type().wireName());
            nullable(json, "name", file.name());
            nullable(json, "content_type", file.contentType());
            fileList.add(json);
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("update_id", updateId)
                .add("chat", chat)
                .add("files", fileList)
                .add("notes", Json.createArrayBuilder(notes));
        nullable(json, "sender", sender);
        nullable(json, "text", text);
        return json.build();
    }

    static IncomingUpdate fromJson(JsonObject json) {
        List<TelegramFile> files = json.getJsonArray("files").stream()
                .map(JsonValue::asJsonObject)
                .map(file -> new TelegramFile(
                        file.getString("file_id"),
                        string(file, "name"),
                        string(file, "content_type"),
                        AttachmentType.fromWire(file.getString("type")).orElse(AttachmentType.FILE)))
                .toList();
        List<String> notes = json.getJsonArray("notes").getValuesAs(JsonString::getString);
        return new IncomingUpdate(
                json.getJsonNumber("update_id").longValue(),
                json.getString("chat"),
                string(json, "sender"),
                string(json, "text"),
                files,
                notes);
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        json.add(name, value == null ? JsonValue.NULL : Json.createValue(value));
    }
}
