package com.salesrender.plugin.chat.api;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P factory methods the settings form uses, on one provider looked up once ({@code jakarta.json.Json} looks it
 * up again on every call).
 */
final class Json {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Json() {}

    static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    static JsonString createValue(String value) {
        return PROVIDER.createValue(value);
    }

    static JsonNumber createValue(long value) {
        return PROVIDER.createValue(value);
    }

    static JsonNumber createValue(double value) {
        return PROVIDER.createValue(value);
    }
}
