package com.salesrender.plugin.chat.api;

import java.util.List;
import java.util.Map;

/**
 * The values of a {@code listOfEnum} field declared with {@link Field#listOfEnum(String, String)
 * Field.listOfEnum(title, name)}, looked up while the user types: a CDI bean of the plugin
 * ({@code @ApplicationScoped}), found by its {@link #name()}; one bean per name, and every name a form field gives
 * needs its bean (the start stops otherwise).
 *
 * <p>The CRM's settings page calls {@code GET /protected/autocomplete/{name}} with the {@code X-PLUGIN-TOKEN} of its
 * user: {@code ?query=text} asks {@link #query} for the values matching what was typed, {@code ?query[]=a&query[]=b}
 * asks {@link #values} for the titles of values already chosen. Both answer {@code {"<value>": {"title": ..., "group":
 * ...}}} in the map's order ({@code []} when empty), as the reference's static values are written. An exception is
 * answered {@code 500} (and logged); the user is waiting, so keep within a second or two.
 *
 * <pre>
 * &#64;ApplicationScoped
 * public class Channels implements Autocomplete {
 *     public String name() { return "channels"; }
 *     public Map&lt;String, Field.Option&gt; query(String text, FieldRequest request) {
 *         return gateway.channels(settings.of(request.reference()), text);  // value -&gt; Option(title, group)
 *     }
 *     public Map&lt;String, Field.Option&gt; values(List&lt;String&gt; values, FieldRequest request) { ... }
 * }
 * </pre>
 *
 * The core does not check saved values against it (the reference does not either): refuse unknown ones in a
 * {@link SettingsCheck}.
 */
public interface Autocomplete {

    /** The name a form field gives, the {@code {name}} of the route. */
    String name();

    /**
     * The values matching {@code text}, in the order to show them.
     *
     * @param text what the user typed ({@code query}), as it came; empty when the page sends none
     * @return value to its title and group (a null group: none)
     */
    Map<String, Field.Option> query(String text, FieldRequest request);

    /**
     * The titles of {@code values} (chosen before, shown again). A value it does not know is left out.
     *
     * @param values the values asked for ({@code query[]}), in the request's order, at least one
     */
    Map<String, Field.Option> values(List<String> values, FieldRequest request);
}
