package com.salesrender.plugin.chat.api;

import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * What the CRM's settings page sends when it asks the plugin about one field ({@link Autocomplete},
 * {@link TablePreview}, {@link MarkdownPreview}): whose plugin it is, taken from the request's {@code X-PLUGIN-TOKEN}
 * (look its {@link Settings} up with it), and the two query parameters the reference core hands on as they came.
 *
 * @param reference the company and plugin instance of the token
 * @param dependencies query parameter {@code dep}: the values of the fields this one depends on
 *     ({@link FieldGroup#dependency}), usually a JSON array in the order they are declared; {@code []} when absent
 * @param context query parameter {@code context}: the field's {@link Field#context} as the page sends it back;
 *     {@code []} when absent
 */
public record FieldRequest(PluginReference reference, JsonValue dependencies, JsonValue context) {

    public FieldRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(dependencies, "dependencies");
        Objects.requireNonNull(context, "context");
    }
}
