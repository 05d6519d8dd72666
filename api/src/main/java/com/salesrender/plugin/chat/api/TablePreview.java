package com.salesrender.plugin.chat.api;

import java.util.List;

/**
 * The table a {@link Field#tablePreview(String, String) Field.tablePreview(title, previewer)} field shows: a CDI bean
 * of the plugin ({@code @ApplicationScoped}), found by its {@link #name()}; one bean per name, and every previewer a
 * form field names needs its bean (the start stops otherwise).
 *
 * <p>The CRM's settings page calls {@code GET /protected/preview/table/{name}} (with {@code dep} and {@code context},
 * see {@link FieldRequest}) and gets the rows as a JSON array of arrays, as the reference's example previewers answer:
 *
 * <pre>
 * public List&lt;List&lt;?&gt;&gt; render(FieldRequest request) {
 *     return List.of(List.of("Width", "Length"), List.of(20, 35), Arrays.asList(15, null));
 * }
 * </pre>
 *
 * An exception, or a cell of another kind, is answered {@code 500} (and logged).
 */
public interface TablePreview {

    /** The previewer name a form field gives, the {@code {name}} of the route. */
    String name();

    /**
     * The table: its rows, the first one the column titles by convention; rows may differ in length.
     *
     * @return each cell a {@code String}, a {@code Number}, a {@code Boolean}, a {@code jakarta.json.JsonValue} or null
     */
    List<? extends List<?>> render(FieldRequest request);
}
