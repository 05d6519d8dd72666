package com.salesrender.plugin.chat.form;

import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.JsonBodies;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The query parameters of a field's lookup, as the reference core reads them: {@code query} (the text typed) or
 * {@code query[]=a&query[]=b} (PHP's list syntax, indexed {@code query[0]} too: values to give titles to), and
 * {@code dep} and {@code context}, JSON ({@code []} when absent). Read strictly, in the order sent: a broken escape or
 * UTF-8, invalid JSON, a parameter twice, or both forms of {@code query} are a 400. Other parameters are ignored (a
 * cache breaker).
 *
 * @param text the typed text; empty when neither form of {@code query} was sent
 * @param values the values of {@code query[]}, in order; empty when {@code query} was sent as text
 */
record FieldQuery(String text, List<String> values, JsonValue dependencies, JsonValue context) {

    private static final Pattern LIST_ITEM = Pattern.compile("query\\[[^\\[\\]]*\\]");

    /** Reads the raw (still percent-encoded) query string of a request; null is no query. */
    static FieldQuery read(String rawQuery) {
        String text = null;
        List<String> values = new ArrayList<>();
        JsonValue dependencies = null;
        JsonValue context = null;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (name.equals("query")) {
                    text = once(text, value, name);
                } else if (LIST_ITEM.matcher(name).matches()) {
                    values.add(value);
                } else if (name.equals("dep")) {
                    dependencies = once(dependencies, json(value, name), name);
                } else if (name.equals("context")) {
                    context = once(context, json(value, name), name);
                }
            }
        }
        if (text != null && !values.isEmpty()) {
            throw ApiError.invalid("Query parameter query is either a text (query=) or a list (query[]=), not both");
        }
        return new FieldQuery(
                text == null ? "" : text,
                List.copyOf(values),
                dependencies == null ? JsonValue.EMPTY_JSON_ARRAY : dependencies,
                context == null ? JsonValue.EMPTY_JSON_ARRAY : context);
    }

    private static <T> T once(T before, T value, String name) {
        if (before != null) {
            throw ApiError.invalid("Query parameter " + name + " is given twice");
        }
        return value;
    }

    private static JsonValue json(String value, String name) {
        try {
            return JsonBodies.read(value);
        } catch (JsonException | IllegalStateException e) {
            throw ApiError.invalid("Query parameter " + name + " is not valid JSON");
        }
    }

    /** Percent escapes and {@code +} (a space, as PHP reads a query) decoded to bytes, then read as UTF-8 strictly. */
    private static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
                if (low < 0) {
                    throw ApiError.invalid("The query string has a broken percent escape");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.invalid("The query string is not valid UTF-8");
        }
    }
}
