package com.salesrender.plugin.chat.form;

import com.salesrender.plugin.chat.api.Field;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The JSON the reference's lookups answer, made from what the plugin's beans return; what cannot be written (a null, a
 * cell of another kind) is the bean's mistake, an {@link IllegalStateException} naming it (answered 500).
 */
final class FieldAnswers {

    /** One JSON-P provider, looked up once. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private FieldAnswers() {}

    /** {@code {"<value>": {"title": ..., "group": ...}}} in the map's order; none is {@code []}, a PHP empty array. */
    static JsonValue options(String autocomplete, Map<String, Field.Option> options) {
        if (options == null) {
            throw new IllegalStateException("The autocomplete " + autocomplete + " answered null");
        }
        if (options.isEmpty()) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        JsonObjectBuilder json = JSON.createObjectBuilder();
        options.forEach((value, option) -> {
            if (value == null || option == null || option.title() == null) {
                throw new IllegalStateException(
                        "The autocomplete " + autocomplete + " answered a null value or title: " + value);
            }
            json.add(
                    value,
                    JSON.createObjectBuilder()
                            .add("title", option.title())
                            .add("group", option.group() == null ? JsonValue.NULL : JSON.createValue(option.group())));
        });
        return json.build();
    }

    /** {@code {"markdown": "..."}}. */
    static JsonValue markdown(String previewer, String markdown) {
        if (markdown == null) {
            throw new IllegalStateException("The markdown previewer " + previewer + " answered null");
        }
        return JSON.createObjectBuilder().add("markdown", markdown).build();
    }

    /** The rows as an array of arrays. */
    static JsonArray table(String previewer, List<? extends List<?>> rows) {
        if (rows == null) {
            throw new IllegalStateException("The table previewer " + previewer + " answered null");
        }
        JsonArrayBuilder table = JSON.createArrayBuilder();
        for (List<?> row : rows) {
            if (row == null) {
                throw new IllegalStateException("The table previewer " + previewer + " answered a null row");
            }
            JsonArrayBuilder cells = JSON.createArrayBuilder();
            row.forEach(cell -> cells.add(cell(previewer, cell)));
            table.add(cells);
        }
        return table.build();
    }

    private static JsonValue cell(String previewer, Object cell) {
        if (cell == null) {
            return JsonValue.NULL;
        }
        if (cell instanceof JsonValue json) {
            return json;
        }
        if (cell instanceof String text) {
            return JSON.createValue(text);
        }
        if (cell instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (cell instanceof Integer || cell instanceof Long || cell instanceof Short || cell instanceof Byte) {
            return JSON.createValue(((Number) cell).longValue());
        }
        if (cell instanceof BigInteger big) {
            return JSON.createValue(big);
        }
        if (cell instanceof BigDecimal decimal) {
            return JSON.createValue(decimal);
        }
        if ((cell instanceof Double || cell instanceof Float) && Double.isFinite(((Number) cell).doubleValue())) {
            return JSON.createValue(((Number) cell).doubleValue());
        }
        throw new IllegalStateException("The table previewer " + previewer + " answered a cell JSON cannot hold: "
                + cell.getClass().getName() + " " + cell);
    }
}
