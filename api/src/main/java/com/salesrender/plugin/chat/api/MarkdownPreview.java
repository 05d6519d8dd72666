package com.salesrender.plugin.chat.api;

/**
 * The text a {@link Field#markdownPreview(String, String) Field.markdownPreview(title, previewer)} field shows: a CDI
 * bean of the plugin ({@code @ApplicationScoped}), found by its {@link #name()}; one bean per name, and every previewer
 * a form field names needs its bean (the start stops otherwise).
 *
 * <p>The CRM's settings page calls {@code GET /protected/preview/markdown/{name}} (with {@code dep} and
 * {@code context}, see {@link FieldRequest}) and gets {@code {"markdown": "..."}}, as the reference's example previewer
 * answers. An exception is answered {@code 500} (and logged).
 */
public interface MarkdownPreview {

    /** The previewer name a form field gives, the {@code {name}} of the route. */
    String name();

    /** The markdown to show, never null. */
    String render(FieldRequest request);
}
