package com.salesrender.plugin.chat.platform;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads JSON that comes from outside (request bodies, token claims) strictly: one value and nothing after it, no name
 * twice in an object (readers disagree on which one wins), and at most {@value #MAX_DEPTH} levels of nesting, built
 * without recursion so that no input can exhaust the stack.
 */
public final class JsonBodies {

    private static final String NOT_A_FORM = "Request body is not a valid form";

    /** The deepest protocol document (a chat payload) has four levels; this leaves room and nothing more. */
    public static final int MAX_DEPTH = 32;

    private JsonBodies() {}

    /** A request body that must be a JSON object; 400 otherwise. */
    public static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.invalid("Request body must be a JSON object");
        }
        JsonValue value;
        try {
            value = read(body);
        } catch (JsonException | IllegalStateException e) {
            throw ApiError.invalid("Request body is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiError.invalid("Request body must be a JSON object");
        }
        return value.asJsonObject();
    }

    /**
     * The one string field {@code name} of a CRM request body, JSON ({@code {"name": "..."}}) or form-encoded
     * ({@code name=...}) as the CRM may send either; null when absent (no body at all, too, as the reference reads it).
     * 400 when the body is neither.
     */
    public static String field(String body, String contentType, String name) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        if (contentType != null
                && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/x-www-form-urlencoded")) {
            return formField(body, name);
        }
        return string(object(body), name);
    }

    /** Strict form decoding: every pair well formed (valid percent escapes, valid UTF-8), no name twice. */
    private static String formField(String body, String name) {
        if (body == null || body.isBlank()) {
            throw ApiError.invalid("Request body must be a form with the field " + name);
        }
        Set<String> names = new HashSet<>();
        String found = null;
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = FormText.decode(eq < 0 ? pair : pair.substring(0, eq), NOT_A_FORM);
            String value = eq < 0 ? "" : FormText.decode(pair.substring(eq + 1), NOT_A_FORM);
            if (!names.add(key)) {
                throw ApiError.invalid("Request body has the field " + key + " twice");
            }
            if (key.equals(name)) {
                found = value;
            }
        }
        return found;
    }

    /** The string field {@code name}, or null when absent or not a string. */
    public static String string(JsonObject body, String name) {
        JsonValue value = body.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    /** One JSON value read strictly (see the class comment); {@link JsonException} when the text breaks a rule. */
    public static JsonValue read(String text) {
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            Deque<Level> open = new ArrayDeque<>();
            JsonValue done = null;
            while (done == null) {
                if (!parser.hasNext()) {
                    throw new JsonException("JSON text ends early");
                }
                JsonParser.Event event = parser.next();
                JsonValue value = null;
                switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (open.size() >= MAX_DEPTH) {
                            throw new JsonException("JSON nests deeper than " + MAX_DEPTH + " levels");
                        }
                        open.push(new Level(event == JsonParser.Event.START_OBJECT));
                    }
                    case KEY_NAME -> {
                        Level level = open.peek();
                        level.name = parser.getString();
                        if (!level.names.add(level.name)) {
                            throw new JsonException("JSON object has the name " + level.name + " twice");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> value = open.pop().build();
                    default -> value = parser.getValue();
                }
                if (value != null) {
                    if (open.isEmpty()) {
                        done = value;
                    } else {
                        open.peek().add(value);
                    }
                }
            }
            if (parser.hasNext()) {
                throw new JsonException("JSON text goes on after its value");
            }
            return done;
        }
    }

    /** An object or array being built. */
    private static final class Level {
        private final JsonObjectBuilder object;
        private final JsonArrayBuilder array;
        private final Set<String> names = new HashSet<>();
        private String name;

        Level(boolean isObject) {
            object = isObject ? Json.createObjectBuilder() : null;
            array = isObject ? null : Json.createArrayBuilder();
        }

        void add(JsonValue value) {
            if (object != null) {
                object.add(name, value);
            } else {
                array.add(value);
            }
        }

        JsonValue build() {
            return object != null ? object.build() : array.build();
        }
    }
}
